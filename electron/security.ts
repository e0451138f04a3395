// Pure security decisions of the desktop shell: window options, CSP, the app:// file resolver,
// navigation and IPC request checks. No Electron runtime here (types only), so tests assert
// the real values without launching Electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { isMethodName, type MethodName, type Reply } from '../shared/api';
import type { LedgerErrorJSON } from '../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/security/csp';

export const APP_SCHEME = 'app';
/** One fixed host, so the renderer has a stable origin (`app://bundle`) for storage and CSP 'self'. */
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { IPC_EVENT, IPC_INVOKE, IPC_PRINT_PDF, isEventName } from './channels';

export const MAX_SESSION_ID_LENGTH = 128;

export { CONTENT_SECURITY_POLICY };

/**
 * `standard` gives app:// real origins and relative URL resolution, `secure` a secure context.
 * No `corsEnabled` (other origins must not read it) and no `bypassCSP`.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
];

export function mainWindowOptions(preloadPath: string, opts: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false, // shown on ready-to-show, avoids a white flash
    title: '医共体统一台账',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false, // a file dropped on the window must not replace the app
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// app:// file resolution

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 };

const APP_URL_RE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i;

/**
 * Map an app:// URL to a file under `root`, or refuse it. Works on the raw URL text, not only the
 * parsed one: Chromium normalises `..` for standard schemes, but an encoded `%2f`/`%5c` survives
 * normalisation and would become a separator after decoding.
 */
export function resolveAppPath(root: string, rawUrl: string): Resolved {
  const m = APP_URL_RE.exec(rawUrl);
  if (!m) return { ok: false, status: 400 };
  const [, scheme, host, rawPath = ''] = m;
  if (scheme!.toLowerCase() !== APP_SCHEME || host!.toLowerCase() !== APP_HOST) return { ok: false, status: 403 };
  // Backslashes, encoded dots/slashes/backslashes/NULs: never in our bundle's file names.
  if (rawPath.includes('\\') || /%(2e|2f|5c|00)/i.test(rawPath)) return { ok: false, status: 403 };

  const rawSegments = rawPath.split('/').slice(1); // leading '' before the first '/'
  const segments: string[] = [];
  for (let i = 0; i < rawSegments.length; i++) {
    const raw = rawSegments[i]!;
    if (raw === '') {
      if (i === rawSegments.length - 1) continue; // trailing slash
      return { ok: false, status: 403 }; // '//' — looks like an absolute or UNC path
    }
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (seg === '.' || seg === '..' || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) return { ok: false, status: 403 };
    if (/^[a-z]:/i.test(seg)) return { ok: false, status: 403 }; // Windows drive letter
    segments.push(seg);
  }
  if (segments.length === 0) segments.push('index.html');

  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, ...segments);
  const rel = path.relative(rootAbs, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { ok: false, status: 403 };
  return { ok: true, file };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every app:// response, errors included. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8') });
}

/** The `protocol.handle('app', …)` handler body: serve a file of the built renderer. */
export async function serveAppRequest(root: string, request: { url: string; method?: string }): Promise<Response> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method Not Allowed');
  const resolved = resolveAppPath(root, request.url);
  if (!resolved.ok) return plain(resolved.status, resolved.status === 403 ? 'Forbidden' : 'Bad Request');
  let body: Buffer;
  try {
    const st = await fs.stat(resolved.file);
    if (!st.isFile()) return plain(404, 'Not Found');
    body = await fs.readFile(resolved.file);
  } catch {
    return plain(404, 'Not Found');
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: responseHeaders(contentTypeFor(resolved.file)) });
}

// ---------------------------------------------------------------------------------------------
// Navigation

/** True only for our own origin, app://bundle. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // Node's URL keeps the host case for non-special schemes; Chromium lowercases it.
  return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

/** `will-navigate` / `will-redirect`: stay inside the app or don't go at all. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Every request the session makes passes `isRequestAllowed` (webRequest.onBeforeRequest). */
export const REQUEST_FILTER = { urls: ['<all_urls>'] };

/**
 * An offline app needs no network and no file:// access: only its own bundle, inline data/blob
 * URLs and (in development) the DevTools front end.
 */
export function isRequestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === 'data' || scheme === 'blob' || scheme === 'devtools';
}

// ---------------------------------------------------------------------------------------------
// IPC

export interface InvokeRequest {
  /** The sender is a webContents of a window this app created. */
  senderKnown: boolean;
  /** URL of the sending frame (null when the frame is gone). */
  senderFrameUrl: string | null;
  /** The sending frame is its page's main frame (not an iframe). */
  senderIsMainFrame: boolean;
  method: unknown;
  sessionId: unknown;
}

export type InvokeCheck = { ok: true; method: MethodName; sessionId: string | null } | { ok: false; reply: Reply<never> };

function refuse(error: LedgerErrorJSON): InvokeCheck {
  return { ok: false, reply: { ok: false, error } };
}

/** Everything main checks before a renderer call may reach the engine. */
export function checkInvokeRequest(req: InvokeRequest): InvokeCheck {
  if (!req.senderKnown || !req.senderIsMainFrame || !isAppUrl(req.senderFrameUrl)) {
    return refuse({ code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求', key: 'error.FORBIDDEN', params: { reason: 'sender' } });
  }
  if (!isMethodName(req.method)) {
    const name = typeof req.method === 'string' ? req.method.slice(0, 80) : typeof req.method;
    return refuse({ code: 'UNKNOWN_METHOD', message: `未知的操作：${name}`, key: 'error.UNKNOWN_METHOD', params: { method: name } });
  }
  const sid = req.sessionId ?? null;
  if (sid !== null && (typeof sid !== 'string' || sid.length > MAX_SESSION_ID_LENGTH)) {
    return refuse({ code: 'VALIDATION', message: '会话标识无效', key: 'error.VALIDATION', params: { field: 'sessionId' } });
  }
  return { ok: true, method: req.method, sessionId: sid };
}

/** The sender checks of `ledger:invoke`, for the print-to-PDF channel. */
export function isTrustedSender(req: Pick<InvokeRequest, 'senderKnown' | 'senderFrameUrl' | 'senderIsMainFrame'>): boolean {
  return req.senderKnown && req.senderIsMainFrame && isAppUrl(req.senderFrameUrl);
}

export const MAX_PDF_NAME_LENGTH = 120;

/**
 * The file name a page suggests for its PDF, made harmless: only a base name (no directories, no
 * drive, no `..`), no reserved or control characters, at most 120 characters, ending in `.pdf`.
 * It only pre-fills the save dialog; the user picks the folder. Anything unusable → `打印.pdf`.
 */
export function pdfFileName(raw: unknown): string {
  let name = typeof raw === 'string' ? raw : '';
  name = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[<>:"|?*\u0000-\u001f\u007f]/g, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '');
  if (!/\.pdf$/i.test(name)) name = `${name}.pdf`;
  if (name.length > MAX_PDF_NAME_LENGTH) name = `${name.slice(0, MAX_PDF_NAME_LENGTH - 4)}.pdf`;
  return name === '.pdf' ? '打印.pdf' : name;
}

// ---------------------------------------------------------------------------------------------
// Command line

export interface LaunchOptions {
  dbFile: string | null;
  nativeBinding: string | null;
}

/**
 * `--db <file>` / `--db=<file>` and `--native-binding <path>` (set by `npm start`). Chromium may add
 * its own switches; anything we don't know is ignored.
 */
export function parseLaunchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LaunchOptions {
  const out: LaunchOptions = { dbFile: null, nativeBinding: env.MEDCOM_NATIVE_BINDING || null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const [flag, key] of [
      ['--db', 'dbFile'],
      ['--native-binding', 'nativeBinding'],
    ] as const) {
      if (a === flag && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[key] = argv[++i]!;
      else if (a.startsWith(`${flag}=`) && a.length > flag.length + 1) out[key] = a.slice(flag.length + 1);
    }
  }
  return out;
}
