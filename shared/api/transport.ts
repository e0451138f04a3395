import type { EventName, LedgerEvents, Reply } from './index';

/**
 * What a renderer talks to, whichever host it runs in. The desktop preload exposes exactly this
 * as `window.ledger` (contextBridge); the web host is reached by a fetch-based implementation
 * of the same interface. The renderer holds its own session id and passes it with each call.
 */
export interface LedgerBridge {
  invoke(method: string, args: unknown, sessionId: string | null): Promise<Reply<unknown>>;
  on<E extends EventName>(event: E, cb: (payload: LedgerEvents[E]) => void): () => void;
  /**
   * Desktop only: print the window's current document (the open print preview, print stylesheet,
   * CSS page size) to a PDF file the user picks in a save dialog. The web host has no such method:
   * there the browser's own print dialog (window.print → 另存为 PDF) does it.
   */
  printToPdf?(options: PrintToPdfOptions): Promise<PrintToPdfResult>;
}

export interface PrintToPdfOptions {
  /** Suggested file name (the user may change it in the save dialog). */
  fileName: string;
}

/** `saved`: the file written, or null when the user cancelled the dialog. */
export type PrintToPdfResult = { ok: true; saved: string | null } | { ok: false; message: string };

/** Web host HTTP protocol (all on 127.0.0.1):
 *  POST /api/call  {method, args}  headers: Authorization: Bearer <launch token>, X-Ledger-Session: <session id>
 *       → 200 Reply JSON (business errors are `{ok:false,error}`); 401 without the token; 403 for a foreign Host/Origin.
 *  GET  /api/events  (Authorization header) → text/event-stream of `event: <name>\ndata: <json>`.
 *  The launch token reaches the page in the URL fragment (`#token=…`), which browsers never send to servers. */
export const WEB_API_CALL_PATH = '/api/call';
export const WEB_API_EVENTS_PATH = '/api/events';
export const WEB_SESSION_HEADER = 'x-ledger-session';
