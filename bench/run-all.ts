// `npm run bench`: run every benchmark one after the other (each in its own process, so one
// benchmark's memory and JIT state cannot colour the next), then print a summary.
// Extra arguments are passed to every benchmark (e.g. `npm run bench -- --max-wait 30`).
// Exit code: 0 all targets met, 1 a target failed, 2 a benchmark crashed. A benchmark that
// cannot run here (no Chromium, renderer missing) reports SKIP and does not fail the run.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib';

const BENCHES = [
  { name: 'open-1gb', file: 'bench/open-1gb.ts', what: '1 GB ledger: openLedger + first setup.status ≤ 1 s, no full scan' },
  { name: 'web-call', file: 'bench/web-call.ts', what: 'web host: setup.status median ≤ 2 ms' },
  { name: 'units-grid', file: 'bench/units-grid.ts', what: 'units grid, 10,000 rows, rendered ≤ 1 s in Chromium' },
  { name: 'assets-grid', file: 'bench/assets-grid.ts', what: 'asset register, 150,000 cards: open → grid with totals ≤ 2 s, quick filter ≤ 200 ms' },
  { name: 'assets-import', file: 'bench/assets-import.ts', what: '100,000-row .xlsx import ≤ 1.5 × ExcelJS streaming read' },
  { name: 'depreciation', file: 'bench/depreciation.ts', what: 'depreciation run over 100,000 cards ≤ 2 s, register as of a date ≤ 1 s' },
  { name: 'count-reconcile', file: 'bench/count-reconcile.ts', what: 'count 100,000 × 100,000 reconciled ≤ 1 s, 账账核对 ≤ 1 s, 20 scans/s none lost' },
  { name: 'count-scan', file: 'bench/count-scan.ts', what: 'scan field in Chromium: 20 codes a second as key events, intake p95 ≤ 200 ms, none lost' },
  { name: 'posts', file: 'bench/posts.ts', what: 'post structure 6,000 staff × 150 units ≤ 300 ms, cap check ≤ 10 ms, staff import 6,000 rows ≤ 3 s' },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--') && BENCHES.some((b) => b.name === a));
const passThrough = process.argv.slice(2).filter((a) => !only.includes(a));

const summary: { name: string; what: string; outcome: string; seconds: number }[] = [];
for (const b of BENCHES) {
  if (only.length && !only.includes(b.name)) continue;
  console.log(`\n=== ${b.name}: ${b.what} ===`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, b.file), ...passThrough], { cwd: ROOT, stdio: 'inherit' });
  const seconds = Math.round((performance.now() - t0) / 1000);
  const outcome = r.status === 0 ? 'PASS' : r.status === 1 ? 'FAIL (target missed)' : r.status === 3 ? 'SKIP' : `ERROR (exit ${r.status ?? r.signal})`;
  summary.push({ name: b.name, what: b.what, outcome, seconds });
}

console.log('\n=== summary ===');
for (const s of summary) console.log(`${s.outcome.padEnd(22)} ${s.name.padEnd(13)} ${s.what} (${s.seconds} s)`);
console.log('Figures: BENCHMARKS.md');
process.exitCode = summary.some((s) => s.outcome.startsWith('ERROR')) ? 2 : summary.some((s) => s.outcome.startsWith('FAIL')) ? 1 : 0;
