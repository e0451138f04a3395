// One cold start, run by bench/open-1gb.ts in a fresh process. It is bundled with esbuild exactly
// like the desktop's engine process (build/electron/engine-process.cjs: CJS, better-sqlite3
// external) and run with plain `node`, so the figures include no tsx/TypeScript transform cost.
// Only node built-ins are loaded before the timed sections.
//
//   node bench/data/open-child.cjs FILE   → prints one line: RESULT {json}

import fs from 'node:fs';

export interface ChildResult {
  /** performance.now() is relative to the process's time origin: node bootstrap until here. */
  sinceProcessStartAtEntryMs: number;
  importMs: number;
  openMs: number;
  firstCallMs: number;
  totalMs: number;
  /** Process start → first reply (node bootstrap + module evaluation + open + first call). */
  processToFirstReplyMs: number;
  secondCallMs: number;
  closeMs: number;
  rcharBytes: number;
  readSyscalls: number;
  diskReadBytes: number;
  reply: unknown;
  pageCount: number;
  pageSize: number;
}

function procIo(): { rchar: number; syscr: number; read_bytes: number } {
  const out = { rchar: 0, syscr: 0, read_bytes: 0 };
  try {
    for (const line of fs.readFileSync('/proc/self/io', 'utf8').split('\n')) {
      const [k, v] = line.split(':');
      if (k && v && k in out) out[k as keyof typeof out] = Number(v.trim());
    }
  } catch {
    /* not Linux: zeros */
  }
  return out;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: open-child FILE');
  const entry = performance.now();
  const ti0 = performance.now();
  const { openLedger } = await import('../db/engine/ledger');
  const ti1 = performance.now();
  procIo(); // warm the /proc reader so its first-call cost stays outside the window
  const io0 = procIo();
  const t0 = performance.now();
  const ledger = openLedger(file);
  const t1 = performance.now();
  const reply = await ledger.call('setup.status', {});
  const t2 = performance.now();
  const io1 = procIo();
  const t3 = performance.now();
  await ledger.call('setup.status', {});
  const t4 = performance.now();
  const pageCount = ledger.db.pragma('page_count', { simple: true }) as number;
  const pageSize = ledger.db.pragma('page_size', { simple: true }) as number;
  const t5 = performance.now();
  ledger.close();
  const t6 = performance.now();
  const r: ChildResult = {
    sinceProcessStartAtEntryMs: entry,
    importMs: ti1 - ti0,
    openMs: t1 - t0,
    firstCallMs: t2 - t1,
    totalMs: t2 - t0,
    processToFirstReplyMs: t2,
    secondCallMs: t4 - t3,
    closeMs: t6 - t5,
    rcharBytes: io1.rchar - io0.rchar,
    // The /proc/self/io read between the snapshots is one read call of its own.
    readSyscalls: io1.syscr - io0.syscr - 1,
    diskReadBytes: io1.read_bytes - io0.read_bytes,
    reply,
    pageCount,
    pageSize,
  };
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
