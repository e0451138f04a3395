// Benchmark 2 — a trivial API call through the web host: 2,000 sequential `setup.status` calls
// over one HTTP keep-alive connection, target median ≤ 2 ms.
//
//   npx tsx bench/web-call.ts [--calls 2000] [--no-write]
//
// The web host runs in this process (startWebHost on 127.0.0.1, port 0) on a demo-sized ledger
// built through the engine's API. Calls follow shared/api/transport.ts: POST /api/call with
// {method, args}, Authorization: Bearer <launch token>, X-Ledger-Session for session methods.
// Client and server share this process (and its event loop), so each figure includes the
// client's own work as well; the in-process `ledger.call` row shows what the engine alone costs.

import http from 'node:http';
import path from 'node:path';
import { startWebHost } from '../db/hosts/web/server';
import { WEB_API_CALL_PATH, WEB_SESSION_HEADER } from '../shared/api/transport';
import {
  DATA_DIR,
  ROOT,
  anyFailed,
  argFlag,
  argValue,
  ensureDataDir,
  machine,
  machineLine,
  markdownTable,
  printTable,
  quietLine,
  waitForQuiet,
  type QuietReport,
  saveRaw,
  stats,
  today,
  writeSection,
  type ResultRow,
} from './lib';
import { removeLedger } from './gen-ledger';
import { BENCH_ADMIN, fileSize, seedLedger } from './seed';

interface Reply {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

async function main(): Promise<void> {
  const calls = Number(argValue('calls') ?? 2000);
  const warmup = 200;
  ensureDataDir();
  const file = path.join(DATA_DIR, 'web-call.ledger');
  // Demo-sized: 150 units (1 lead hospital, 20 township centres, 129 village clinics), 200 departments.
  const ledger = await seedLedger(file, { units: 150, townships: 20, deptsPerTownship: 10 });
  const host = await startWebHost(ledger, { port: 0, staticDir: path.join(ROOT, 'build', 'renderer') });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let newSockets = 0;

  const post = (method: string, args: unknown, session?: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ method, args });
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: WEB_API_CALL_PATH,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${host.token}`,
            ...(session ? { [WEB_SESSION_HEADER]: session } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply);
          });
          res.on('error', reject);
        },
      );
      req.on('socket', () => {
        if (!req.reusedSocket) newSockets++;
      });
      req.on('error', reject);
      req.end(body);
    });

  const fetchCall = async (method: string, args: unknown): Promise<Reply> => {
    const res = await fetch(`http://127.0.0.1:${host.port}${WEB_API_CALL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ method, args }),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as Reply;
  };

  const quiet: QuietReport[] = [];
  async function measure(label: string, fn: () => Promise<Reply>, n: number): Promise<number[]> {
    quiet.push(await waitForQuiet());
    for (let i = 0; i < warmup; i++) {
      const r = await fn();
      if (!r.ok) throw new Error(`${label}: ${r.error?.code} ${r.error?.message}`);
    }
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await fn();
      out.push(performance.now() - t0);
      if (!r.ok) throw new Error(`${label}: ${r.error?.code} ${r.error?.message}`);
    }
    return out;
  }

  const login = await post('session.login', { username: BENCH_ADMIN.username, password: BENCH_ADMIN.password });
  if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
  const session = (login.result as { sessionId: string }).sessionId;
  const unitCount = ((await post('units.list', {}, session)).result as unknown[]).length;

  const samples = {
    status: await measure('setup.status (http.Agent)', () => post('setup.status', {}), calls),
    inProcess: await measure('ledger.call', () => ledger.call('setup.status', {}) as Promise<Reply>, calls),
    fetch: await measure('setup.status (fetch)', () => fetchCall('setup.status', {}), calls),
    me: await measure('session.me', () => post('session.me', {}, session), calls),
    units: await measure('units.list', () => post('units.list', {}, session), Math.min(calls, 500)),
  };
  const socketsForAgentRuns = newSockets;

  const rows: ResultRow[] = [
    { what: 'setup.status over HTTP keep-alive (http.Agent)', stats: stats(samples.status), targetMs: 2, targetOn: 'median' },
    { what: 'setup.status over HTTP keep-alive (undici fetch)', stats: stats(samples.fetch) },
    { what: 'session.me over HTTP (session lookup + actor load)', stats: stats(samples.me) },
    { what: `units.list over HTTP (${unitCount} rows)`, stats: stats(samples.units) },
    { what: 'setup.status in-process ledger.call (no HTTP)', stats: stats(samples.inProcess) },
  ];
  printTable(`Web host: ${calls} sequential calls each after ${warmup} warm-up calls (client in the same process)`, rows);
  console.log(`TCP connections opened by the keep-alive agent for ${calls * 3 + warmup * 3 + 2} calls: ${socketsForAgentRuns}`);

  await host.close();
  agent.destroy();
  ledger.close();
  const bytes = fileSize(file);
  removeLedger(file);

  const m = await machine();
  saveRaw('web-call', { date: new Date().toISOString(), machine: m, samples });
  if (!argFlag('no-write')) {
    writeSection(
      'web-call',
      `## 2. A trivial call through the web host — \`bench/web-call.ts\`

**Target:** median ≤ 2 ms for a trivial API call (\`setup.status\`) over HTTP keep-alive.

**What it measures.** The web host (\`startWebHost(ledger, {port: 0, staticDir})\`) runs in the
benchmark's own process on a demo-sized ledger built through the engine's API
(\`setup.createAdmin\`, then \`units.batch\`/\`departments.batch\`: ${unitCount} units, 200 departments;
${(bytes / 1024).toFixed(0)} KiB). The client makes ${calls.toLocaleString()} sequential
\`POST /api/call\` requests with \`Authorization: Bearer <token>\` (shared/api/transport.ts) over one
keep-alive connection (node's \`http.Agent({keepAlive: true, maxSockets: 1})\`; ${socketsForAgentRuns} TCP
connection(s) were opened for all agent calls), after ${warmup} unmeasured warm-up calls. Each
sample is one round trip: serialise, send, Host/Origin/token checks, JSON parse, zod validation,
the handler (\`SELECT count(*) FROM users\`, one settings row, \`PRAGMA user_version\`), reply.
Client and server share one process and event loop, so the client's own cost is in the figure.
For comparison: the same call with undici \`fetch\` (what Node's global fetch uses), two session
methods, and \`ledger.call\` in-process without HTTP (the engine's share).

**How to run:** \`npx tsx bench/web-call.ts [--calls 2000]\` (the ledger is rebuilt each run and
deleted afterwards).

**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}

${markdownTable(rows)}`,
    );
  }
  if (anyFailed(rows)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
