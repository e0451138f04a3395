// The ledger engine's home in the desktop app: an Electron utilityProcess forked by main.
// It owns the only SQLite connection; main relays renderer calls here over `process.parentPort`.
import { EVENT_NAMES, type LedgerEvents } from '../shared/api';
import { toErrorJSON, type LedgerErrorJSON } from '../shared/errors';
import { openLedger, type Ledger } from '../db/engine/ledger';
import type { FromEngine } from './main';
import { parseLaunchArgs } from './security';

/** The part of Electron's ParentPort we use (typed here so this file needs no Electron at test time). */
export interface ParentPortLike {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: FromEngine): void;
}

export interface EngineOptions {
  file: string;
  nativeBinding: string | null;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * A 100k-row import may report progress per row; the window needs ~10 updates a second. First and
 * last updates of a task always pass.
 */
export function progressThrottle(send: (p: LedgerEvents['progress']) => void, now: () => number = Date.now): (p: LedgerEvents['progress']) => void {
  const last = new Map<string, number>();
  return (p) => {
    const t = now();
    const prev = last.get(p.task);
    if (prev !== undefined && p.done > 0 && p.done < p.total && t - prev < PROGRESS_INTERVAL_MS) return;
    if (p.done >= p.total) last.delete(p.task);
    else last.set(p.task, t);
    send(p);
  };
}

/**
 * Serve requests from main until told to shut down. Never throws: an open failure (newer file,
 * not a ledger, unreadable) is reported once as `fatal` and then returned for every call.
 */
export function runEngine(port: ParentPortLike, opts: EngineOptions, open: typeof openLedger = openLedger): { close(): void } {
  let ledger: Ledger | null = null;
  let openError: LedgerErrorJSON | null = null;
  const offs: Array<() => void> = [];

  try {
    ledger = open(opts.file, { create: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
    const forward = progressThrottle((payload) => port.postMessage({ event: 'progress', payload }));
    for (const name of EVENT_NAMES) {
      offs.push(ledger.on(name, (payload) => (name === 'progress' ? forward(payload) : port.postMessage({ event: name, payload }))));
    }
    port.postMessage({ ready: true, file: ledger.file });
  } catch (err) {
    openError = toErrorJSON(err);
    if (openError.code === 'INTERNAL') openError = { ...openError, message: `无法打开账套：${(err as Error)?.message ?? String(err)}` };
    port.postMessage({ fatal: openError });
  }

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    offs.forEach((off) => off());
    try {
      ledger?.close();
    } catch (err) {
      console.error('[engine] close failed:', err);
    }
  };

  port.on('message', ({ data }) => {
    if (typeof data !== 'object' || data === null) return;
    const msg = data as { id?: unknown; method?: unknown; args?: unknown; sessionId?: unknown; shutdown?: unknown };
    if (msg.shutdown === true) {
      close();
      process.exit(0);
    }
    if (typeof msg.id !== 'number') return;
    const id = msg.id;
    if (!ledger) {
      port.postMessage({ id, reply: { ok: false, error: openError! } });
      return;
    }
    const sessionId = typeof msg.sessionId === 'string' ? msg.sessionId : null;
    void ledger
      .call(String(msg.method), msg.args, { sessionId })
      .then((reply) => port.postMessage({ id, reply }))
      // call() never throws; this only guards a reply that cannot be cloned back to main.
      .catch((err: unknown) => port.postMessage({ id, reply: { ok: false, error: toErrorJSON(err) } }));
  });

  return { close };
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  const launch = parseLaunchArgs(process.argv);
  if (!launch.dbFile) {
    parentPort.postMessage({ fatal: { code: 'INTERNAL', message: '数据引擎缺少账套文件参数', key: 'error.INTERNAL' } });
  } else {
    const engine = runEngine(parentPort, { file: launch.dbFile, nativeBinding: launch.nativeBinding });
    process.on('exit', () => engine.close());
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.on(sig, () => {
        engine.close();
        process.exit(0);
      });
    }
  }
}
