// Sandboxed preload: exposes `window.ledger` (the LedgerBridge) and nothing else. ipcRenderer
// itself never reaches the page, so page scripts can only call `ledger:invoke` with a method name
// that main checks against the registry, and only listen to known events.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, LedgerEvents, Reply } from '../shared/api';
import type { LedgerBridge } from '../shared/api/transport';
import { IPC_EVENT, IPC_INVOKE, isEventName } from './channels';

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
