// Sandboxed preload: exposes `window.ledger` (the LedgerBridge: invoke, on, printToPdf) and
// nothing else. ipcRenderer itself never reaches the page, so page scripts can only call
// `ledger:invoke` with a method name that main checks against the registry, ask main to save the
// printed page as a PDF (main checks the sender and asks the user where), and listen to known events.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, LedgerEvents, Reply } from '../shared/api';
import type { LedgerBridge, PrintToPdfOptions, PrintToPdfResult } from '../shared/api/transport';
import { IPC_EVENT, IPC_INVOKE, IPC_PRINT_PDF, isEventName } from './channels';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const cb of listeners.get(name) ?? []) {
    try {
      cb(payload);
    } catch (err) {
      console.error(err);
    }
  }
});

const bridge: LedgerBridge = {
  async invoke(method: string, args: unknown, sessionId: string | null): Promise<Reply<unknown>> {
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE, String(method), args, sessionId ?? null)) as Reply<unknown>;
    } catch {
      // Arguments that cannot be cloned, or main went away: still a Reply, never a raw exception.
      return { ok: false, error: { code: 'IO', message: '无法与数据引擎通信', key: 'error.IO' } };
    }
  },
  /** Save what the window prints (the open print preview) as a PDF; main asks where. */
  async printToPdf(options: PrintToPdfOptions): Promise<PrintToPdfResult> {
    try {
      return (await ipcRenderer.invoke(IPC_PRINT_PDF, { fileName: String(options?.fileName ?? '') })) as PrintToPdfResult;
    } catch {
      return { ok: false, message: '无法生成 PDF' };
    }
  },
  on<E extends EventName>(event: E, cb: (payload: LedgerEvents[E]) => void): () => void {
    if (!isEventName(event) || typeof cb !== 'function') throw new TypeError(`unknown ledger event: ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const listener = cb as Listener;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('ledger', bridge);
