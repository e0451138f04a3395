// The renderer's one door to the engine: a typed `send(name, args)` over whichever bridge the
// host provides (Electron preload `window.ledger`, or the web host over fetch).
import type { ArgsIn, EventName, LedgerEvents, MethodName, ResultOf } from '../../shared/api';
import type { LedgerBridge } from '../../shared/api/transport';
import { LedgerError } from '../../shared/errors';
import { createWebBridge } from './webBridge';

export { LedgerError };

const SESSION_KEY = 'ledger.session';

let bridge: LedgerBridge | null = null;

function getBridge(): LedgerBridge {
  if (!bridge) {
    const desktop = (window as unknown as { ledger?: LedgerBridge }).ledger;
    bridge = desktop ?? createWebBridge();
  }
  return bridge;
}

/** Which host the page runs in (for the about box and diagnostics). */
export function hostKind(): 'desktop' | 'web' {
  return (window as unknown as { ledger?: LedgerBridge }).ledger ? 'desktop' : 'web';
}

/** Call once at start-up, before anything else, so the launch token leaves the URL at once. */
export function initClient(): void {
  getBridge();
}

export function getSessionId(): string | null {
  return sessionStorage.getItem(SESSION_KEY);
}

function setSessionId(id: string | null) {
  if (id) sessionStorage.setItem(SESSION_KEY, id);
  else sessionStorage.removeItem(SESSION_KEY);
}

const authLostListeners = new Set<(err: LedgerError) => void>();

/** The app shell subscribes to return to the login screen when the engine says the session is gone. */
export function onAuthLost(cb: (err: LedgerError) => void): () => void {
  authLostListeners.add(cb);
  return () => authLostListeners.delete(cb);
}

/** Methods whose UNAUTHENTICATED answer is an ordinary failure, not a lost session. */
const PUBLIC_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['setup.status', 'setup.createAdmin', 'session.login']);

/** Arguments may be left out when the method's schema accepts `undefined` (it has a default). */
type SendArgs<K extends MethodName> = undefined extends ArgsIn<K> ? [args?: ArgsIn<K>] : [args: ArgsIn<K>];

/**
 * Call an engine method. Resolves with its typed result; rejects with a `LedgerError`
 * (structured: code, Chinese message, key/params, row/field details).
 */
export async function send<K extends MethodName>(name: K, ...rest: SendArgs<K>): Promise<ResultOf<K>> {
  const args = rest[0] ?? {};
  let reply;
  try {
    reply = await getBridge().invoke(name, args, getSessionId());
  } catch (err) {
    throw new LedgerError('IO', `与台账服务通信失败：${err instanceof Error ? err.message : String(err)}`, { key: 'error.NETWORK' });
  }
  if (!reply.ok) {
    const err = LedgerError.fromJSON(reply.error);
    if (err.code === 'UNAUTHENTICATED' && !PUBLIC_METHODS.has(name)) {
      setSessionId(null);
      for (const cb of authLostListeners) cb(err);
    }
    throw err;
  }
  const result = reply.result as ResultOf<K>;
  if (name === 'session.login' || name === 'setup.createAdmin') {
    setSessionId((result as { sessionId: string }).sessionId);
  }
  return result;
}

/** Log out: tell the engine (best effort) and forget the session locally. */
export async function logout(): Promise<void> {
  try {
    if (getSessionId()) await send('session.logout');
  } catch {
    // the session may already be gone; logging out locally is what matters
  } finally {
    setSessionId(null);
  }
}

/** Forget the local session without calling the engine (after it said the session is gone). */
export function dropSession(): void {
  setSessionId(null);
}

export function onEvent<E extends EventName>(event: E, cb: (payload: LedgerEvents[E]) => void): () => void {
  return getBridge().on(event, cb);
}

export function isLedgerError(err: unknown): err is LedgerError {
  return err instanceof LedgerError;
}

/** Any thrown value as a LedgerError (programming errors become INTERNAL with their message). */
export function asLedgerError(err: unknown): LedgerError {
  if (err instanceof LedgerError) return err;
  return new LedgerError('INTERNAL', err instanceof Error ? err.message : String(err));
}
