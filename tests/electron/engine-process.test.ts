// electron/engine-process.ts: the utilityProcess side of the relay, against a real ledger file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressThrottle, runEngine, type ParentPortLike } from '../../electron/engine-process';
import type { FromEngine } from '../../electron/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-engine-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fakePort() {
  const posted: FromEngine[] = [];
  let listener: ((e: { data: unknown }) => void) | null = null;
  const port: ParentPortLike = {
    on: (_event, fn) => {
      listener = fn;
    },
    postMessage: (m) => posted.push(structuredClone(m)),
  };
  return { port, posted, send: (data: unknown) => listener!({ data }) };
}

async function replyFor(p: ReturnType<typeof fakePort>, id: number) {
  let found: FromEngine | undefined;
  await expect.poll(() => (found = p.posted.find((m) => 'id' in m && m.id === id))).toBeDefined();
  return (found as { reply: unknown }).reply;
}

describe('engine process', () => {
  it('creates the ledger, reports ready and answers calls by id', async () => {
    const p = fakePort();
    const file = path.join(tmp, 'new.ledger');
    const engine = runEngine(p.port, { file, nativeBinding: null });
    try {
      expect(p.posted[0]).toEqual({ ready: true, file });
      expect(fs.existsSync(file)).toBe(true);
      p.send({ id: 7, method: 'setup.status', args: {}, sessionId: null });
      expect(await replyFor(p, 7)).toMatchObject({ ok: true, result: { needsAdmin: true } });
      p.send({ id: 8, method: 'session.me', args: {}, sessionId: 'not-a-session' });
      expect(await replyFor(p, 8)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      engine.close();
    }
  });

  it('reports a file that is not a ledger as fatal and answers calls with that error', async () => {
    const p = fakePort();
    const file = path.join(tmp, 'not-a-ledger.ledger');
    fs.writeFileSync(file, 'this is a text file, not SQLite '.repeat(200));
    const engine = runEngine(p.port, { file, nativeBinding: null });
    try {
      const fatal = p.posted.find((m) => 'fatal' in m) as { fatal: { code: string } } | undefined;
      expect(fatal?.fatal.code).toMatch(/NOT_A_LEDGER|IO/);
      p.send({ id: 1, method: 'setup.status', args: {}, sessionId: null });
      expect(await replyFor(p, 1)).toEqual({ ok: false, error: fatal!.fatal });
    } finally {
      engine.close();
    }
  });
});

describe('progress throttle', () => {
  it('passes the first and last update of a task and at most one per 100 ms between', () => {
    let t = 0;
    const sent: number[] = [];
    const f = progressThrottle((p) => sent.push(p.done), () => t);
    for (let done = 0; done <= 1000; done++) {
      f({ task: 'import', done, total: 1000 });
      t += 1; // 1 ms per row
    }
    expect(sent[0]).toBe(0);
    expect(sent.at(-1)).toBe(1000);
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThanOrEqual(13);
  });

  it('throttles tasks independently', () => {
    const sent: string[] = [];
    const f = progressThrottle((p) => sent.push(`${p.task}:${p.done}`), () => 0);
    f({ task: 'a', done: 1, total: 10 });
    f({ task: 'b', done: 1, total: 10 });
    f({ task: 'a', done: 2, total: 10 });
    f({ task: 'b', done: 10, total: 10 });
    expect(sent).toEqual(['a:1', 'b:1', 'b:10']);
  });
});
