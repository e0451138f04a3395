// electron/main.ts against a stand-in 'electron' module that records what main configures:
// window options, protocol handler, IPC handlers, session handlers, app events, the engine fork.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';

const fx = vi.hoisted(() => {
  type Fn = (...args: any[]) => any;
  class Emitter {
    private handlers = new Map<string, Fn[]>();
    on(event: string, fn: Fn) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
      return this;
    }
    once(event: string, fn: Fn) {
      const wrapped: Fn = (...args) => {
        this.off(event, wrapped);
        return fn(...args);
      };
      return this.on(event, wrapped);
    }
    off(event: string, fn: Fn) {
      this.handlers.set(event, (this.handlers.get(event) ?? []).filter((f) => f !== fn));
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
    }
    listenerCount(event: string) {
      return (this.handlers.get(event) ?? []).length;
    }
    removeAll() {
      this.handlers.clear();
    }
  }

  const state = {
    singleInstance: true,
    userData: '',
    appPath: '',
    privileged: [] as unknown[],
    privilegedBeforeReady: false,
    readyResolved: false,
    sandboxEnabled: false,
    protocolHandlers: new Map<string, Fn>(),
    ipcHandlers: new Map<string, Fn>(),
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    beforeRequest: null as { filter: { urls: string[] }; listener: Fn } | null,
    windows: [] as FakeWindow[],
    forks: [] as FakeChild[],
    quitCalls: 0,
    errorBoxes: [] as Array<[string, string]>,
    menuTemplate: null as unknown,
    documents: '',
    saveDialogs: [] as Array<{ window: unknown; options: any }>,
    saveChoice: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
    pdfCalls: [] as unknown[],
  };

  class FakeWebContents extends Emitter {
    windowOpenHandler: Fn | null = null;
    sent: unknown[][] = [];
    setWindowOpenHandler(h: Fn) {
      this.windowOpenHandler = h;
    }
    send(channel: string, ...args: unknown[]) {
      this.sent.push([channel, ...args]);
    }
    printToPDF(options: unknown) {
      state.pdfCalls.push(options);
      return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
    }
  }

  class FakeWindow extends Emitter {
    static getAllWindows() {
      return state.windows;
    }
    webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(public options: any) {
      super();
      state.windows.push(this);
      // Electron announces every new webContents on the app.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    show() {}
  }

  class FakeChild extends Emitter {
    posted: unknown[] = [];
    killed = false;
    constructor(public modulePath: string, public args: string[], public options: unknown) {
      super();
    }
    postMessage(msg: unknown) {
      this.posted.push(structuredClone(msg));
    }
    kill() {
      this.killed = true;
      return true;
    }
  }

  class FakeApp extends Emitter {
    isPackaged = false;
    requestSingleInstanceLock() {
      return state.singleInstance;
    }
    quit() {
      state.quitCalls++;
    }
    enableSandbox() {
      state.sandboxEnabled = true;
    }
    whenReady() {
      // Asynchronous like the real one, so pre-ready work can be told from post-ready work.
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          state.readyResolved = true;
          resolve();
        }, 0),
      );
    }
    getPath(name: string) {
      if (name === 'documents') return state.documents;
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return state.userData;
    }
    getAppPath() {
      return state.appPath;
    }
  }
  const app = new FakeApp();

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        state.privileged.push(...schemes);
        state.privilegedBeforeReady = !state.readyResolved;
      },
      handle(scheme: string, handler: Fn) {
        state.protocolHandlers.set(scheme, handler);
      },
    },
    ipcMain: {
      handle(channel: string, handler: Fn) {
        state.ipcHandlers.set(channel, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(h: Fn) {
          state.permissionRequest = h;
        },
        setPermissionCheckHandler(h: Fn) {
          state.permissionCheck = h;
        },
        webRequest: {
          onBeforeRequest(filter: { urls: string[] }, listener: Fn) {
            state.beforeRequest = { filter, listener };
          },
        },
      },
    },
    utilityProcess: {
      fork(modulePath: string, args: string[], options: unknown) {
        const child = new FakeChild(modulePath, args, options);
        state.forks.push(child);
        return child;
      },
    },
    Menu: {
      buildFromTemplate(template: unknown) {
        return { template };
      },
      setApplicationMenu(menu: { template: unknown }) {
        state.menuTemplate = menu.template;
      },
    },
    dialog: {
      showErrorBox(title: string, content: string) {
        state.errorBoxes.push([title, content]);
      },
      showSaveDialog(window: unknown, options: unknown) {
        state.saveDialogs.push({ window, options });
        return Promise.resolve(state.saveChoice);
      },
    },
  };

  function reset(dirs: { userData: string; appPath: string }) {
    app.removeAll();
    Object.assign(state, {
      singleInstance: true,
      ...dirs,
      privileged: [],
      privilegedBeforeReady: false,
      readyResolved: false,
      sandboxEnabled: false,
      protocolHandlers: new Map(),
      ipcHandlers: new Map(),
      permissionRequest: null,
      permissionCheck: null,
      beforeRequest: null,
      windows: [],
      forks: [],
      quitCalls: 0,
      errorBoxes: [],
      menuTemplate: null,
      documents: path.join(dirs.userData, 'Documents'),
      saveDialogs: [],
      saveChoice: { canceled: true, filePath: '' },
      pdfCalls: [],
    });
  }

  return { electron, state, reset, app, FakeWebContents };
});

vi.mock('electron', () => fx.electron);

// Imported after the mock is registered (vi.mock is hoisted above imports).
const { startApp } = await import('../../electron/main');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-main-'));
const rendererRoot = path.join(tmp, 'renderer');
fs.mkdirSync(rendererRoot, { recursive: true });
fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>台账</title>');
fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const userData = path.join(tmp, 'userData');

async function start(argv: string[] = ['electron', '.']) {
  const handle = startApp({ argv, env: {}, rendererRoot });
  await handle.ready;
  return handle;
}

function win() {
  const w = fx.state.windows[0];
  if (!w) throw new Error('no window was created');
  return w;
}

function engine(i = 0) {
  const c = fx.state.forks[i];
  if (!c) throw new Error(`engine #${i} was not forked`);
  return c;
}

/** What ipcMain gets from a renderer: sender webContents and its frame. */
function invokeEvent(opts: { sender?: unknown; url?: string; parent?: unknown; noFrame?: boolean } = {}) {
  return {
    sender: opts.sender ?? win().webContents,
    senderFrame: opts.noFrame ? null : { url: opts.url ?? 'app://bundle/index.html', parent: opts.parent ?? null },
  };
}

function invoke(event: unknown, method: unknown, args: unknown = {}, sessionId: unknown = null) {
  const handler = fx.state.ipcHandlers.get('ledger:invoke');
  if (!handler) throw new Error('ledger:invoke not registered');
  return Promise.resolve(handler(event, method, args, sessionId));
}

beforeEach(() => {
  fx.reset({ userData, appPath: path.join(tmp, 'app') });
});

describe('window', () => {
  it('is created with the hardened webPreferences and the bundled preload', async () => {
    await start();
    expect(fx.state.windows).toHaveLength(1);
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    // main.cjs and preload.cjs are bundled side by side into build/electron.
    expect(prefs.preload).toBe(path.resolve(__dirname, '../../electron/preload.cjs'));
    expect(win().loadedUrl).toBe('app://bundle/index.html');
    expect(fx.state.sandboxEnabled).toBe(true);
  });

  it('registers app:// as privileged before ready, with a handler after', async () => {
    await start();
    expect(fx.state.privilegedBeforeReady).toBe(true);
    expect(fx.state.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fx.state.protocolHandlers.has('app')).toBe(true);
  });

  it('a second instance quits without a window', async () => {
    fx.state.singleInstance = false;
    await start();
    expect(fx.state.quitCalls).toBe(1);
    expect(fx.state.windows).toHaveLength(0);
    expect(fx.state.forks).toHaveLength(0);
  });
});

describe('app:// protocol', () => {
  async function get(url: string) {
    const handler = fx.state.protocolHandlers.get('app')!;
    // A plain object keeps the URL raw: new Request() would normalise '..' away before we see it.
    return (await handler({ url, method: 'GET' })) as Response;
  }

  it('serves the renderer with the CSP header', async () => {
    await start();
    const res = await get('app://bundle/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('<title>台账</title>');
    const viaRequest = (await fx.state.protocolHandlers.get('app')!(new Request('app://bundle/'))) as Response;
    expect(viaRequest.status).toBe(200);
  });

  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/..\\secret.txt',
    'app://bundle/%2fetc%2fpasswd',
    'app://evil/index.html',
  ])('refuses traversal %s', async (url) => {
    await start();
    const res = await get(url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('TOP-SECRET');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('a normalised request that lands on a missing file is a 404', async () => {
    await start();
    const res = (await fx.state.protocolHandlers.get('app')!(new Request('app://bundle/../secret.txt'))) as Response;
    expect(res.status).toBe(404);
  });
});

describe('web contents hardening', () => {
  function navEvent(url: string) {
    return { url, preventDefault: vi.fn() };
  }

  it('denies navigation and redirects away from app://bundle', async () => {
    await start();
    const wc = win().webContents;
    const away = navEvent('https://example.com/');
    wc.emit('will-navigate', away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = navEvent('file:///etc/passwd');
    wc.emit('will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const inside = navEvent('app://bundle/index.html');
    wc.emit('will-navigate', inside, inside.url);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open and webviews', async () => {
    await start();
    const wc = win().webContents;
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://bundle/index.html' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('hardens webContents main did not create itself', async () => {
    await start();
    const stray = new fx.FakeWebContents();
    fx.app.emit('web-contents-created', {}, stray);
    const away = navEvent('https://example.com/');
    stray.emit('will-navigate', away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(stray.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, and blocks network requests', async () => {
    await start();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fx.state.permissionRequest!(win().webContents, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(fx.state.permissionCheck!(win().webContents, permission, 'app://bundle', {})).toBe(false);
    }
    expect(fx.state.beforeRequest!.filter.urls).toEqual(['<all_urls>']);
    const decide = (url: string) => {
      const cb = vi.fn();
      fx.state.beforeRequest!.listener({ url }, cb);
      return cb.mock.calls[0]?.[0];
    };
    expect(decide('https://example.com/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('ws://127.0.0.1:9/')).toEqual({ cancel: true });
    expect(decide('app://bundle/assets/index.js')).toEqual({ cancel: false });
  });
});

describe('ledger:invoke relay', () => {
  it('forks the engine with the default ledger path and the native binding', async () => {
    await start(['electron', '.', '--native-binding', '/opt/x/better_sqlite3.node']);
    expect(fx.state.forks).toHaveLength(1);
    expect(engine().modulePath).toBe(path.resolve(__dirname, '../../electron/engine-process.cjs'));
    expect(engine().args).toEqual(['--db', path.join(userData, 'ledger.db'), '--native-binding', path.resolve('/opt/x/better_sqlite3.node')]);
    expect(fs.existsSync(userData)).toBe(true);
  });

  it('uses --db when given', async () => {
    const file = path.join(tmp, 'offices', '2025.ledger');
    await start(['electron', '.', '--db', file]);
    expect(engine().args.slice(0, 2)).toEqual(['--db', file]);
    expect(fs.existsSync(path.dirname(file))).toBe(true);
  });

  it('forwards a valid call to the engine and resolves with its reply', async () => {
    await start();
    const pending = invoke(invokeEvent(), 'setup.status', {}, 'sess-1');
    expect(engine().posted).toHaveLength(1);
    const msg = engine().posted[0] as { id: number; method: string; args: unknown; sessionId: string };
    expect(msg).toMatchObject({ method: 'setup.status', args: {}, sessionId: 'sess-1' });
    engine().emit('message', { id: msg.id, reply: { ok: true, result: { needsAdmin: true } } });
    await expect(pending).resolves.toEqual({ ok: true, result: { needsAdmin: true } });
  });

  it('matches concurrent replies by id', async () => {
    await start();
    const a = invoke(invokeEvent(), 'setup.status');
    const b = invoke(invokeEvent(), 'session.me', {}, 's');
    const [ma, mb] = engine().posted as Array<{ id: number }>;
    expect(ma!.id).not.toBe(mb!.id);
    engine().emit('message', { id: mb!.id, reply: { ok: true, result: 'B' } });
    engine().emit('message', { id: ma!.id, reply: { ok: true, result: 'A' } });
    await expect(a).resolves.toEqual({ ok: true, result: 'A' });
    await expect(b).resolves.toEqual({ ok: true, result: 'B' });
  });

  it('refuses an unknown method with UNKNOWN_METHOD without reaching the engine', async () => {
    await start();
    const reply = await invoke(invokeEvent(), 'db.exec', { sql: 'DROP TABLE users' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD', key: 'error.UNKNOWN_METHOD' } });
    expect(engine().posted).toHaveLength(0);
  });

  it.each([
    ['a foreign origin', { url: 'https://evil.example/' }],
    ['an iframe', { parent: { url: 'app://bundle/index.html' } }],
    ['a gone frame', { noFrame: true }],
  ])('refuses a call from %s', async (_label, opts) => {
    await start();
    const reply = await invoke(invokeEvent(opts), 'setup.status');
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine().posted).toHaveLength(0);
  });

  it('refuses a call from a webContents main did not create', async () => {
    await start();
    const reply = await invoke(invokeEvent({ sender: new fx.FakeWebContents() }), 'setup.status');
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine().posted).toHaveLength(0);
  });

  it('refuses an over-long session id', async () => {
    await start();
    const reply = await invoke(invokeEvent(), 'setup.status', {}, 's'.repeat(129));
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(engine().posted).toHaveLength(0);
  });

  it('forwards known progress events to the window and drops others', async () => {
    await start();
    engine().emit('message', { event: 'progress', payload: { task: 'import', done: 5, total: 10 } });
    engine().emit('message', { event: 'shell.exec', payload: 'x' });
    expect(win().webContents.sent).toEqual([['ledger:event', 'progress', { task: 'import', done: 5, total: 10 }]]);
  });

  it('reports a ledger that cannot be opened and answers calls with that error', async () => {
    await start();
    const fatal = { code: 'NEWER_FILE', message: '此账套文件由较新版本的程序创建', key: 'error.newerFile' };
    engine().emit('message', { fatal });
    expect(fx.state.errorBoxes).toHaveLength(1);
    expect(fx.state.errorBoxes[0]![1]).toContain('较新版本');
    expect(fx.state.quitCalls).toBe(1);
    await expect(invoke(invokeEvent(), 'setup.status')).resolves.toEqual({ ok: false, error: fatal });
  });

  it('answers pending calls when the engine dies, then restarts it', async () => {
    await start();
    engine().emit('message', { ready: true, file: 'x' });
    const pending = invoke(invokeEvent(), 'setup.status');
    engine().emit('exit', 1);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'IO' } });
    const again = invoke(invokeEvent(), 'setup.status');
    expect(fx.state.forks).toHaveLength(2);
    const msg = engine(1).posted[0] as { id: number };
    engine(1).emit('message', { id: msg.id, reply: { ok: true, result: 1 } });
    await expect(again).resolves.toEqual({ ok: true, result: 1 });
  });

  it('an engine that dies before opening the ledger is reported, not restarted in a loop', async () => {
    await start();
    engine().emit('exit', 1);
    expect(fx.state.errorBoxes).toHaveLength(1);
    await expect(invoke(invokeEvent(), 'setup.status')).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(fx.state.forks).toHaveLength(1);
  });

  it('on quit, lets the engine close the ledger before exiting', async () => {
    await start();
    const quitEvent = { preventDefault: vi.fn() };
    fx.app.emit('will-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    expect(engine().posted).toContainEqual({ shutdown: true });
    expect(fx.state.quitCalls).toBe(0);
    engine().emit('exit', 0);
    await vi.waitFor(() => expect(fx.state.quitCalls).toBe(1));
    // The second will-quit (from that app.quit()) goes through.
    const second = { preventDefault: vi.fn() };
    fx.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });
});

describe('ledger:print-pdf', () => {
  function printPdf(event: unknown, options: unknown) {
    const handler = fx.state.ipcHandlers.get('ledger:print-pdf');
    if (!handler) throw new Error('ledger:print-pdf not registered');
    return Promise.resolve(handler(event, options));
  }

  it('asks where to save with a harmless suggested name, prints with the CSS page size and writes the file', async () => {
    await start();
    const out = path.join(tmp, 'pdf-out', '标签.pdf');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fx.state.saveChoice = { canceled: false, filePath: out };
    const reply = await printPdf(invokeEvent(), { fileName: '../../etc/资产标签 2026-03-01' });
    expect(reply).toEqual({ ok: true, saved: out });
    expect(fx.state.saveDialogs).toHaveLength(1);
    // the page suggests a base name only: the directory is the user's Documents
    expect(fx.state.saveDialogs[0]!.options.defaultPath).toBe(path.join(fx.state.documents, '资产标签 2026-03-01.pdf'));
    expect(fx.state.saveDialogs[0]!.window).toBe(win());
    expect(fx.state.pdfCalls).toEqual([{ printBackground: true, preferCSSPageSize: true }]);
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('a cancelled dialog writes nothing', async () => {
    await start();
    const reply = await printPdf(invokeEvent(), { fileName: 'x' });
    expect(reply).toEqual({ ok: true, saved: null });
    expect(fx.state.pdfCalls).toHaveLength(0);
  });

  it.each([
    ['a foreign origin', { url: 'https://evil.example/' }],
    ['an iframe', { parent: { url: 'app://bundle/index.html' } }],
    ['a gone frame', { noFrame: true }],
  ])('refuses a request from %s without opening a dialog', async (_label, opts) => {
    await start();
    fx.state.saveChoice = { canceled: false, filePath: path.join(tmp, 'never.pdf') };
    const reply = await printPdf(invokeEvent(opts), { fileName: 'x' });
    expect(reply).toMatchObject({ ok: false });
    expect(fx.state.saveDialogs).toHaveLength(0);
    expect(fx.state.pdfCalls).toHaveLength(0);
    expect(fs.existsSync(path.join(tmp, 'never.pdf'))).toBe(false);
  });

  it('refuses a webContents main did not create', async () => {
    await start();
    const reply = await printPdf(invokeEvent({ sender: new fx.FakeWebContents() }), { fileName: 'x' });
    expect(reply).toMatchObject({ ok: false });
    expect(fx.state.saveDialogs).toHaveLength(0);
  });
});
