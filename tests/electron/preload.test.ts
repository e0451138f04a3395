// electron/preload.ts: exposes exactly { invoke, on } as window.ledger, never ipcRenderer.
import { describe, expect, it, vi } from 'vitest';

const fx = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Array<(...a: unknown[]) => void>>();
  const invokes: unknown[][] = [];
  let invokeImpl: (...a: unknown[]) => Promise<unknown> = async () => ({ ok: true, result: 'pong' });
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invokes.push(args);
      return invokeImpl(...args);
    },
    on(channel: string, fn: (...a: unknown[]) => void) {
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), fn]);
    },
  };
  return {
    electron: { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer },
    exposed,
    invokes,
    emitFromMain: (channel: string, ...args: unknown[]) => rendererListeners.get(channel)?.forEach((fn) => fn({}, ...args)),
    setInvoke: (impl: typeof invokeImpl) => {
      invokeImpl = impl;
    },
  };
});

vi.mock('electron', () => fx.electron);
await import('../../electron/preload');

type Bridge = { invoke(m: string, a: unknown, s: string | null): Promise<unknown>; on(e: string, cb: (p: unknown) => void): () => void };
const bridge = () => fx.exposed.get('ledger') as Bridge;

describe('preload', () => {
  it('exposes only window.ledger with invoke, on and printToPdf', () => {
    expect([...fx.exposed.keys()]).toEqual(['ledger']);
    expect(Object.keys(bridge()).sort()).toEqual(['invoke', 'on', 'printToPdf']);
    expect(Object.values(bridge()).every((v) => typeof v === 'function')).toBe(true);
    expect(fx.exposed.get('ledger')).not.toBe(fx.electron.ipcRenderer);
  });

  it('invoke goes over ledger:invoke with method, args and session id', async () => {
    await expect(bridge().invoke('setup.status', { a: 1 }, 'sid')).resolves.toEqual({ ok: true, result: 'pong' });
    expect(fx.invokes.at(-1)).toEqual(['ledger:invoke', 'setup.status', { a: 1 }, 'sid']);
  });

  it('a transport failure becomes an error reply, not an exception', async () => {
    fx.setInvoke(async () => {
      throw new Error('An object could not be cloned');
    });
    await expect(bridge().invoke('setup.status', {}, null)).resolves.toMatchObject({ ok: false, error: { code: 'IO' } });
  });

  it('on delivers known events until unsubscribed, and refuses unknown names', () => {
    const seen: unknown[] = [];
    const off = bridge().on('progress', (p) => seen.push(p));
    fx.emitFromMain('ledger:event', 'progress', { task: 't', done: 1, total: 2 });
    fx.emitFromMain('ledger:event', 'other', { x: 1 });
    off();
    fx.emitFromMain('ledger:event', 'progress', { task: 't', done: 2, total: 2 });
    expect(seen).toEqual([{ task: 't', done: 1, total: 2 }]);
    expect(() => bridge().on('ipc:anything', () => {})).toThrow(TypeError);
  });

  it('printToPdf goes over ledger:print-pdf with only a file name, and a failure is a result', async () => {
    fx.setInvoke(async () => ({ ok: true, saved: '/home/u/a.pdf' }));
    const b = fx.exposed.get('ledger') as { printToPdf(o: unknown): Promise<unknown> };
    await expect(b.printToPdf({ fileName: '标签', path: '/etc/passwd' })).resolves.toEqual({ ok: true, saved: '/home/u/a.pdf' });
    expect(fx.invokes.at(-1)).toEqual(['ledger:print-pdf', { fileName: '标签' }]);
    fx.setInvoke(async () => {
      throw new Error('gone');
    });
    await expect(b.printToPdf({ fileName: 'x' })).resolves.toMatchObject({ ok: false });
  });
});
