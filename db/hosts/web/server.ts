import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Reply } from '../../../shared/api';
import { EVENT_NAMES } from '../../../shared/api';
import { WEB_API_CALL_PATH, WEB_API_EVENTS_PATH, WEB_SESSION_HEADER } from '../../../shared/api/transport';
import type { LedgerErrorJSON } from '../../../shared/errors';
import type { Ledger } from '../../engine/ledger';
import { CONTENT_SECURITY_POLICY } from '../../../shared/security/csp';

// The web host: the built renderer plus the engine's API over HTTP, for machines where Electron
// cannot run and for end-to-end tests. It listens on 127.0.0.1 only, and every API request must
// carry the per-launch token; requests naming another Host or Origin are refused, which closes
// DNS-rebinding and cross-site requests from other pages in the user's browser.

export { CONTENT_SECURITY_POLICY };

const MAX_BODY_BYTES = 300 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  port?: number;
  /** Folder with the built renderer (index.html). */
  staticDir: string;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

function errorReply(code: LedgerErrorJSON['code'], message: string): Reply<never> {
  return { ok: false, error: { code, message, key: `error.${code}` } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  // Encoded once: Buffer.byteLength and then res.end(text) would each walk the text again
  // (~50 ms each for the register's 6 MB reply, which has Chinese text and so is a two-byte string).
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': data.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(data);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resolve a URL path inside the static root; undefined for anything that escapes it. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  const rootResolved = path.resolve(root);
  if (full !== rootResolved && !full.startsWith(rootResolved + path.sep)) return undefined;
  return full;
}

export function startWebHost(ledger: Ledger, opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  let port = opts.port ?? 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    if (!allowedHosts().has(host) || (origin !== undefined && !allowedOrigins().has(origin))) {
      sendJson(res, 403, errorReply('FORBIDDEN', '拒绝访问：请求来源不是本机地址'));
      return;
    }
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!given || !sameToken(given, token)) {
        sendJson(res, 401, errorReply('UNAUTHENTICATED', '缺少或错误的访问令牌'));
        return;
      }
      if (url === WEB_API_CALL_PATH && req.method === 'POST') return handleCall(req, res);
      if (url === WEB_API_EVENTS_PATH && req.method === 'GET') return handleEvents(req, res);
      sendJson(res, 404, errorReply('UNKNOWN_METHOD', '未知的接口'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, errorReply('FORBIDDEN', '不支持的请求方法'));
      return;
    }
    serveStatic(url, res);
  });

  function handleCall(req: http.IncomingMessage, res: http.ServerResponse): void {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      sendJson(res, 415, errorReply('VALIDATION', '请求须为 JSON'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        aborted = true;
        sendJson(res, 413, errorReply('VALIDATION', '请求过大'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      let body: { method?: unknown; args?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        sendJson(res, 400, errorReply('VALIDATION', '请求不是有效的 JSON'));
        return;
      }
      if (typeof body !== 'object' || body === null || typeof body.method !== 'string') {
        sendJson(res, 400, errorReply('VALIDATION', '请求缺少 method'));
        return;
      }
      const session = req.headers[WEB_SESSION_HEADER];
      const sessionId = typeof session === 'string' && session.length <= 128 ? session : null;
      void ledger.call(body.method, body.args, { sessionId }).then((reply) => sendJson(res, 200, reply));
    });
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const offs = EVENT_NAMES.map((name) => ledger.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      offs.forEach((off) => off());
    });
  }

  function serveStatic(url: string, res: http.ServerResponse): void {
    const file = resolveStatic(opts.staticDir, url);
    if (!file) {
      sendJson(res, 404, errorReply('NOT_FOUND', '文件不存在'));
      return;
    }
    // Unknown non-asset paths fall back to the app (client-side navigation).
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(opts.staticDir, 'index.html');
    if (!fs.existsSync(target)) {
      sendJson(res, 404, errorReply('NOT_FOUND', '界面尚未构建：请先运行 npm run build:renderer'));
      return;
    }
    const body = fs.readFileSync(target);
    res.writeHead(200, {
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    res.end(body);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      server.keepAliveTimeout = 60_000;
      resolve({
        url: `http://127.0.0.1:${port}/#token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
