// The desktop shell's pure security decisions, asserted without Electron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../shared/api';
import { BRIDGE_EVENTS } from '../../electron/channels';
import {
  APP_ENTRY_URL,
  checkInvokeRequest,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isNavigationAllowed,
  isRequestAllowed,
  mainWindowOptions,
  parseLaunchArgs,
  PRIVILEGED_SCHEMES,
  resolveAppPath,
  serveAppRequest,
} from '../../electron/security';

let tmp: string;
let root: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-sec-'));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', '资产 卡片.svg'), '<svg/>');
  // A file just outside the root that traversal attempts aim at.
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('window options', () => {
  it('locks the renderer down', () => {
    const opts = mainWindowOptions('/x/preload.cjs', { devTools: false });
    expect(opts.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
    expect(opts.show).toBe(false);
  });
});

describe('CSP', () => {
  it('is strict', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('app:// is standard and secure but neither CORS-readable nor CSP-bypassing', () => {
    expect(PRIVILEGED_SCHEMES).toHaveLength(1);
    const p = PRIVILEGED_SCHEMES[0]!;
    expect(p.scheme).toBe('app');
    expect(p.privileges).toMatchObject({ standard: true, secure: true });
    expect(p.privileges?.bypassCSP).not.toBe(true);
    expect(p.privileges?.corsEnabled).not.toBe(true);
  });
});

describe('resolveAppPath', () => {
  it('maps app://bundle paths to files under the root', () => {
    expect(resolveAppPath(root, 'app://bundle/')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://bundle')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath(root, APP_ENTRY_URL)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://bundle/assets/app-1a2b.js?v=1#x')).toEqual({ ok: true, file: path.join(root, 'assets', 'app-1a2b.js') });
    // Percent-encoded UTF-8 names (Chinese file names) decode normally.
    expect(resolveAppPath(root, `app://bundle/assets/${encodeURIComponent('资产 卡片.svg')}`)).toEqual({ ok: true, file: path.join(root, 'assets', '资产 卡片.svg') });
  });

  it.each([
    'app://bundle/../secret.txt',
    'app://bundle/../../etc/passwd',
    'app://bundle/assets/../../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/%2E%2E/%2e%2e/etc/passwd',
    'app://bundle/.%2e/secret.txt',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/assets%2f..%2f..%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/..\\secret.txt',
    'app://bundle/assets\\..\\..\\secret.txt',
    'app://bundle//etc/passwd',
    'app://bundle/%2fetc%2fpasswd',
    'app://bundle/C:/Windows/win.ini',
    'app://bundle/c%3a/Windows/win.ini',
    'app://bundle/index.html%00.js',
    'app://bundle/./index.html',
    'app://evil/index.html',
    'app:///etc/passwd',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    const r = resolveAppPath(root, url);
    expect(r.ok).toBe(false);
  });

  it('never resolves outside the root, whatever the input', () => {
    const attempts = ['..', '%2e%2e', '.%2e', '%2e.', '..%2f', '..%5c', '%2f', '%5c', 'a', '.', '%00', 'C:', '\\', ''];
    for (const a of attempts) for (const b of attempts) for (const c of ['secret.txt', 'etc/passwd']) {
      const r = resolveAppPath(root, `app://bundle/${a}/${b}/${c}`);
      if (r.ok) expect(path.relative(root, r.file).startsWith('..')).toBe(false);
    }
  });
});

describe('serveAppRequest', () => {
  it('serves files with CSP and a proper content type', async () => {
    const res = await serveAppRequest(root, { url: 'app://bundle/index.html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>ok</title>');
    const js = await serveAppRequest(root, { url: 'app://bundle/assets/app-1a2b.js' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers traversal with 403 and unknown files with 404, CSP on both', async () => {
    for (const url of ['app://bundle/..%2fsecret.txt', 'app://bundle/../secret.txt', 'app://bundle/..\\secret.txt']) {
      const res = await serveAppRequest(root, { url });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('TOP-SECRET');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    const missing = await serveAppRequest(root, { url: 'app://bundle/nope.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    // A directory is not a file.
    expect((await serveAppRequest(root, { url: 'app://bundle/assets' })).status).toBe(404);
  });

  it('refuses methods other than GET/HEAD', async () => {
    expect((await serveAppRequest(root, { url: 'app://bundle/index.html', method: 'POST' })).status).toBe(405);
    const head = await serveAppRequest(root, { url: 'app://bundle/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('navigation', () => {
  it.each([
    ['app://bundle/index.html', true],
    ['app://bundle/other.html#x', true],
    ['APP://BUNDLE/index.html', true],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/', false],
    ['file:///etc/passwd', false],
    ['app://evil/index.html', false],
    ['app://user:pw@bundle/index.html', false],
    ['app://bundle:99/index.html', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['not a url', false],
  ])('%s allowed=%s', (url, allowed) => {
    expect(isNavigationAllowed(url)).toBe(allowed);
  });

  it.each([
    ['app://bundle/assets/a.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://bundle/0b8c', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['https://example.com/x.js', false],
    ['http://127.0.0.1:3000/api', false],
    ['wss://example.com/', false],
    ['file:///C:/Windows/win.ini', false],
    ['app://evil/x', false],
  ])('request %s allowed=%s', (url, allowed) => {
    expect(isRequestAllowed(url)).toBe(allowed);
  });

  it('isAppUrl rejects non-strings', () => {
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('checkInvokeRequest', () => {
  const good = { senderKnown: true, senderFrameUrl: 'app://bundle/index.html', senderIsMainFrame: true, method: 'setup.status', sessionId: null };

  it('accepts a known method from our main frame', () => {
    expect(checkInvokeRequest(good)).toEqual({ ok: true, method: 'setup.status', sessionId: null });
    expect(checkInvokeRequest({ ...good, sessionId: 'abc' })).toEqual({ ok: true, method: 'setup.status', sessionId: 'abc' });
    expect(checkInvokeRequest({ ...good, sessionId: undefined })).toEqual({ ok: true, method: 'setup.status', sessionId: null });
  });

  it('refuses unknown methods with a structured UNKNOWN_METHOD error', () => {
    for (const method of ['nope.nothing', 'constructor', '__proto__', 'toString', 42, null, { a: 1 }]) {
      const r = checkInvokeRequest({ ...good, method });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reply.ok).toBe(false);
        if (!r.reply.ok) {
          expect(r.reply.error.code).toBe('UNKNOWN_METHOD');
          expect(r.reply.error.key).toBe('error.UNKNOWN_METHOD');
          expect(typeof r.reply.error.message).toBe('string');
        }
      }
    }
  });

  it.each([
    ['unknown webContents', { senderKnown: false }],
    ['an iframe', { senderIsMainFrame: false }],
    ['a foreign origin', { senderFrameUrl: 'https://evil.example/' }],
    ['a file page', { senderFrameUrl: 'file:///tmp/x.html' }],
    ['a destroyed frame', { senderFrameUrl: null }],
  ])('refuses %s with FORBIDDEN', (_label, patch) => {
    const r = checkInvokeRequest({ ...good, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok && !r.reply.ok) expect(r.reply.error.code).toBe('FORBIDDEN');
  });

  it('refuses a bad session id', () => {
    for (const sessionId of ['x'.repeat(129), 42, {}, ['a']]) {
      const r = checkInvokeRequest({ ...good, sessionId });
      expect(r.ok).toBe(false);
      if (!r.ok && !r.reply.ok) expect(r.reply.error.code).toBe('VALIDATION');
    }
    expect(checkInvokeRequest({ ...good, sessionId: 'x'.repeat(128) }).ok).toBe(true);
  });
});

describe('launch arguments', () => {
  it('reads --db and --native-binding in both spellings', () => {
    expect(parseLaunchArgs(['electron', '.', '--db', 'a.ledger', '--native-binding=/n.node'])).toEqual({ dbFile: 'a.ledger', nativeBinding: '/n.node' });
    expect(parseLaunchArgs(['app.exe', '--db=D:\\台账\\x.ledger'])).toEqual({ dbFile: 'D:\\台账\\x.ledger', nativeBinding: null });
    expect(parseLaunchArgs(['app.exe', '--db', '--native-binding', '/n.node'])).toEqual({ dbFile: null, nativeBinding: '/n.node' });
    expect(parseLaunchArgs(['app.exe'], { MEDCOM_NATIVE_BINDING: '/env.node' })).toEqual({ dbFile: null, nativeBinding: '/env.node' });
  });
});

describe('bridge events', () => {
  it('the preload lists exactly the registry events', () => {
    expect([...BRIDGE_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
  });
});
