import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../../db/engine/ledger';
import { resolveStatic, startWebHost, type WebHost } from '../../db/hosts/web/server';

// The web host's boundary: loopback only, per-launch token, Host/Origin pinned to the address it serves.

let dir: string;
let ledger: Ledger;
let host: WebHost;

function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const call = (headers: Record<string, string>, body = JSON.stringify({ method: 'setup.status', args: {} })) =>
  request({ path: '/api/call', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-web-'));
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>台账</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the static root');
  ledger = openLedger(path.join(dir, 'w.ledger'), { create: true });
  host = await startWebHost(ledger, { port: 0, staticDir });
});

afterAll(async () => {
  await host.close();
  ledger.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('web host', () => {
  it('prints a loopback URL carrying a random token in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{40,}$`));
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a call that carries the token and the loopback Host', async () => {
    const r = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { needsAdmin: true } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const none = await call({ host: `127.0.0.1:${host.port}` });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const wrong = await call({ authorization: `Bearer ${host.token.slice(0, -1)}x`, host: `127.0.0.1:${host.port}` });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const r = await call({ authorization: `Bearer ${host.token}`, host: `evil.example:${host.port}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherPort = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port + 1}` });
    expect(otherPort.status).toBe(403);
  });

  it('refuses a foreign Origin (another page in the browser) even with the token', async () => {
    const r = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port}`, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    const same = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port}`, origin: `http://127.0.0.1:${host.port}` });
    expect(same.status).toBe(200);
  });

  it('returns structured errors for unknown methods and bad JSON, never a stack trace', async () => {
    const unknown = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port}` }, JSON.stringify({ method: 'db.exec', args: { sql: 'DROP TABLE units' } }));
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const bad = await call({ authorization: `Bearer ${host.token}`, host: `127.0.0.1:${host.port}` }, '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('serves the app with a strict CSP and never a file outside its root', async () => {
    const index = await request({ path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("object-src 'none'");
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const r = await request({ path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(r.body, p).not.toContain('outside the static root');
    }
    expect(resolveStatic('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(resolveStatic('/srv/app', '/assets/app.js')).toBe(path.resolve('/srv/app/assets/app.js'));
    expect(resolveStatic('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveStatic('/srv/app', '/a\\..\\..\\b')).toBeUndefined();
  });
});
