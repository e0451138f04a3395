// Electron main process: window, security policy and a relay to the ledger engine, nothing more.
// The engine (SQLite, migrations, handlers) runs in a utilityProcess so a long import or month-end
// run never freezes the window; main only checks each renderer call and forwards it.
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  utilityProcess,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
  type UtilityProcess,
  type WebContents,
} from 'electron';
import type { EventName, Reply } from '../shared/api';
import type { PrintToPdfResult } from '../shared/api/transport';
import type { LedgerErrorJSON } from '../shared/errors';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  checkInvokeRequest,
  IPC_EVENT,
  IPC_INVOKE,
  IPC_PRINT_PDF,
  isEventName,
  isNavigationAllowed,
  isRequestAllowed,
  isTrustedSender,
  mainWindowOptions,
  parseLaunchArgs,
  pdfFileName,
  PRIVILEGED_SCHEMES,
  REQUEST_FILTER,
  serveAppRequest,
} from './security';

/** Messages between main and the engine utility process (see engine-process.ts). */
export type ToEngine = { id: number; method: string; args: unknown; sessionId: string | null } | { shutdown: true };
export type FromEngine =
  | { id: number; reply: Reply<unknown> }
  | { event: string; payload: unknown }
  | { ready: true; file: string }
  | { fatal: LedgerErrorJSON };

const ENGINE_GONE: LedgerErrorJSON = {
  code: 'IO',
  message: '数据引擎意外退出，操作结果未知，请刷新后核对',
  key: 'error.engineGone',
};
const ENGINE_STOPPING: LedgerErrorJSON = { code: 'IO', message: '程序正在退出', key: 'error.engineStopping' };
const MAX_RESTARTS = 3;
const SHUTDOWN_TIMEOUT_MS = 5000;

/**
 * Owns the engine utility process: numbers requests, matches replies, restarts the engine lazily
 * after an unexpected exit, and reports a start-up failure once.
 */
export class EngineRelay {
  private child: UtilityProcess | null = null;
  private readonly pending = new Map<number, (reply: Reply<unknown>) => void>();
  private nextId = 1;
  private restarts = 0;
  private everReady = false;
  private stopping = false;
  private fatal: LedgerErrorJSON | null = null;

  constructor(
    private readonly spawn: () => UtilityProcess,
    private readonly hooks: { onEvent: (name: EventName, payload: unknown) => void; onFatal: (error: LedgerErrorJSON) => void },
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (this.child || this.stopping || this.fatal) return;
    const child = this.spawn();
    this.child = child;
    child.on('message', (msg: unknown) => this.onMessage(msg));
    child.on('exit', (code: number) => this.onExit(child, code));
  }

  call(method: string, args: unknown, sessionId: string | null): Promise<Reply<unknown>> {
    if (this.fatal) return Promise.resolve({ ok: false, error: this.fatal });
    if (this.stopping) return Promise.resolve({ ok: false, error: ENGINE_STOPPING });
    this.start();
    const child = this.child;
    if (!child) return Promise.resolve({ ok: false, error: this.fatal ?? ENGINE_GONE });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        child.postMessage({ id, method, args, sessionId } satisfies ToEngine);
      } catch {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'VALIDATION', message: '参数无法传递给数据引擎', key: 'error.VALIDATION' } });
      }
    });
  }

  /** Ask the engine to close the ledger (checkpoint, optimize), then wait for it; kill if it hangs. */
  stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, SHUTDOWN_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        child.postMessage({ shutdown: true } satisfies ToEngine);
      } catch {
        child.kill();
      }
    });
  }

  private onMessage(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const msg = raw as Partial<Record<'id' | 'reply' | 'event' | 'payload' | 'ready' | 'fatal', unknown>>;
    if (typeof msg.id === 'number' && typeof msg.reply === 'object' && msg.reply !== null) {
      const resolve = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      resolve?.(msg.reply as Reply<unknown>);
    } else if (typeof msg.event === 'string') {
      if (isEventName(msg.event)) this.hooks.onEvent(msg.event, msg.payload);
    } else if (msg.ready === true) {
      this.everReady = true;
    } else if (typeof msg.fatal === 'object' && msg.fatal !== null) {
      this.fail(msg.fatal as LedgerErrorJSON);
    }
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve({ ok: false, error: this.fatal ?? (this.stopping ? ENGINE_STOPPING : ENGINE_GONE) });
    if (this.stopping || this.fatal) return;
    // Dying before it ever opened the ledger (e.g. a native module built for the wrong ABI) would
    // only die again: report it instead of looping.
    if (!this.everReady || ++this.restarts > MAX_RESTARTS) {
      this.fail({ code: 'INTERNAL', message: `数据引擎无法启动（退出码 ${code}）`, key: 'error.engineFailed', params: { code } });
    }
  }

  private fail(error: LedgerErrorJSON): void {
    if (this.fatal) return;
    this.fatal = error;
    this.hooks.onFatal(error);
  }
}

export interface StartOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Directory of the built renderer (default: build/renderer next to build/electron). */
  rendererRoot?: string;
  preloadPath?: string;
  enginePath?: string;
}

export interface AppHandle {
  /** Resolves once the window exists (or at once if another instance already runs). */
  ready: Promise<void>;
  relay(): EngineRelay | null;
}

/** Harden every webContents the app ever creates, including ones we did not expect. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (details, url) => {
    if (!isNavigationAllowed(details.url ?? url)) details.preventDefault();
  });
  contents.on('will-redirect', (details, url) => {
    if (!isNavigationAllowed(details.url ?? url)) details.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function resolveNativeBinding(explicit: string | null): string | null {
  if (explicit) return path.resolve(explicit);
  // Packaged: electron-builder copies the Electron-ABI build to resources/electron-native.
  // Development (`npm start`): scripts/start-desktop.mjs builds it into build/electron-native.
  const candidates = app.isPackaged
    ? [path.join(process.resourcesPath, 'electron-native', 'better_sqlite3.node')]
    : [path.join(app.getAppPath(), 'build', 'electron-native', 'better_sqlite3.node')];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

function buildMenu(devTools: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'reload', label: '重新加载' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { role: 'togglefullscreen', label: '全屏' },
        ...(devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools', label: '开发者工具' }] as MenuItemConstructorOptions[]) : []),
      ],
    },
  ];
  if (process.platform === 'darwin') template.unshift({ role: 'appMenu' });
  return Menu.buildFromTemplate(template);
}

export function startApp(opts: StartOptions = {}): AppHandle {
  const argv = opts.argv ?? process.argv;
  const launch = parseLaunchArgs(argv, opts.env ?? process.env);
  const rendererRoot = opts.rendererRoot ?? path.join(__dirname, '..', 'renderer');
  const preloadPath = opts.preloadPath ?? path.join(__dirname, 'preload.cjs');
  const enginePath = opts.enginePath ?? path.join(__dirname, 'engine-process.cjs');
  let relay: EngineRelay | null = null;

  // One writer per ledger file: a second launch focuses the running window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), relay: () => null };
  }

  // Both must happen before 'ready'.
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
  app.enableSandbox();

  /** webContents of windows we created: the only ones allowed to call the engine. */
  const ours = new WeakSet<WebContents>();
  let mainWindow: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('will-quit', (event) => {
    if (!relay?.running || quitting) return;
    // Let the engine close the ledger cleanly first.
    event.preventDefault();
    quitting = true;
    void relay.stop().finally(() => app.quit());
  });

  const ready = app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    // Offline app: the renderer has no business on the network or the file system.
    ses.webRequest.onBeforeRequest(REQUEST_FILTER, (details, callback) => callback({ cancel: !isRequestAllowed(details.url) }));

    protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));

    const dbFile = path.resolve(launch.dbFile ?? path.join(app.getPath('userData'), 'ledger.db'));
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    const nativeBinding = resolveNativeBinding(launch.nativeBinding);
    const engineArgs = ['--db', dbFile, ...(nativeBinding ? ['--native-binding', nativeBinding] : [])];

    relay = new EngineRelay(() => utilityProcess.fork(enginePath, engineArgs, { serviceName: 'MedCom Ledger Engine', stdio: 'inherit' }), {
      onEvent(name, payload) {
        for (const win of BrowserWindow.getAllWindows()) {
          if (!win.isDestroyed() && ours.has(win.webContents)) win.webContents.send(IPC_EVENT, name, payload);
        }
      },
      onFatal(error) {
        dialog.showErrorBox('无法打开账套', `${error.message}\n\n账套文件：${dbFile}`);
        app.quit();
      },
    });
    relay.start();

    ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, method: unknown, args: unknown, sessionId: unknown) => {
      const frame = event.senderFrame;
      const check = checkInvokeRequest({
        senderKnown: ours.has(event.sender),
        senderFrameUrl: frame ? frame.url : null,
        senderIsMainFrame: frame !== null && frame.parent === null,
        method,
        sessionId,
      });
      if (!check.ok) return check.reply;
      return relay!.call(check.method, args, check.sessionId);
    });

    // Print to PDF: what the page shows under its print stylesheet (the open print preview, with
    // its @page size) into a file the user picks. Same sender checks as ledger:invoke; the page
    // only suggests a base name, never a path.
    ipcMain.handle(IPC_PRINT_PDF, async (event: IpcMainInvokeEvent, options: unknown): Promise<PrintToPdfResult> => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender({ senderKnown: ours.has(event.sender), senderFrameUrl: frame ? frame.url : null, senderIsMainFrame: frame !== null && frame.parent === null });
      if (!trusted) return { ok: false, message: '拒绝来自非本程序页面的请求' };
      const suggested = pdfFileName(typeof options === 'object' && options !== null ? (options as { fileName?: unknown }).fileName : null);
      const dialogOptions = { title: '保存为 PDF', defaultPath: path.join(app.getPath('documents'), suggested), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      if (choice.canceled || !choice.filePath) return { ok: true, saved: null };
      const file = /\.pdf$/i.test(choice.filePath) ? choice.filePath : `${choice.filePath}.pdf`;
      try {
        const pdf = await event.sender.printToPDF({ printBackground: true, preferCSSPageSize: true });
        await fs.promises.writeFile(file, pdf);
        return { ok: true, saved: file };
      } catch (err) {
        return { ok: false, message: `PDF 生成或保存失败：${err instanceof Error ? err.message : String(err)}` };
      }
    });

    const devTools = !app.isPackaged;
    Menu.setApplicationMenu(buildMenu(devTools));

    const win = new BrowserWindow(mainWindowOptions(preloadPath, { devTools }));
    mainWindow = win;
    ours.add(win.webContents);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(APP_ENTRY_URL);
  });

  return { ready, relay: () => relay };
}

// Under Electron this file is the app's entry point; under tests it is imported and started explicitly.
if (process.versions.electron && process.type === 'browser') startApp();
