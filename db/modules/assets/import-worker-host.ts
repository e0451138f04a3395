import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LedgerError, type LedgerErrorJSON } from '../../../shared/errors';
import { readAssetSheet, snapshotLookups, type LookupSnapshot, type SheetBatch, type SheetInput, type SheetSink } from './import';

// Reading a large register sheet in a worker thread (import-worker.ts) while the engine's thread
// checks and inserts the batches it sends: on a two-core office PC the two halves of a 100,000-row
// import overlap instead of following each other, and the engine's thread stays free to report
// progress between batches. Small files, and hosts where no worker script can be found, are read
// in the engine's thread by the same function (readAssetSheet), so both give the same result.
//
// One worker is kept for a minute after a job (starting one costs ~0.1 s from the desktop bundle,
// ~1 s from source through tsx); it is unreferenced while idle, so it never keeps a process alive.

/** A job sent to the worker. */
export interface WorkerJob {
  id: number;
  input: SheetInput;
  snapshot: LookupSnapshot;
}

/** Messages from the worker, each about job `id`. */
export type WorkerMessage = { id: number } & (
  | { kind: 'header'; labels: Parameters<SheetSink['header']>[0] }
  | { kind: 'batch'; batch: SheetBatch }
  | { kind: 'done' }
  | { kind: 'error'; error: LedgerErrorJSON | { message: string } }
);

/** Files from this size up are read in a worker; `enabled: false` reads every file in the engine's thread. */
export const importWorkerPolicy = { minBytes: 1024 * 1024, enabled: true, idleMs: 60_000 };

/**
 * How to start the worker: the bundled script beside the engine's bundle (the desktop app), or the
 * TypeScript source through tsx (web host, CLI and tests run from source). Null when neither exists.
 */
function workerLaunch(): { script: string; eval: boolean } | null {
  const here = typeof import.meta.url === 'string' ? import.meta.url : undefined;
  if (here?.endsWith('.ts')) {
    const tsxApi = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    const source = new URL('./import-worker.ts', here).href;
    const code = `import(${JSON.stringify(`file://${tsxApi}`)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
    return { script: code, eval: true };
  }
  if (typeof __dirname === 'string') {
    const bundled = path.join(__dirname, 'import-worker.cjs');
    if (fs.existsSync(bundled)) return { script: bundled, eval: false };
  }
  return null;
}

interface Warm {
  worker: Worker;
  busy: boolean;
  idle?: NodeJS.Timeout;
}
let warm: Warm | null = null;
/** Jobs read by a worker, and jobs that fell back to the engine's thread because no worker could start. */
export const importWorkerStats = { jobs: 0, fallbacks: 0 };
let nextJob = 1;

function takeWorker(): Warm | null {
  if (warm && !warm.busy) {
    clearTimeout(warm.idle);
    return warm;
  }
  if (warm) return null; // busy with another ledger's import: read in this thread
  const launch = workerLaunch();
  if (!launch) return null;
  const w: Warm = { worker: new Worker(launch.script, { eval: launch.eval }), busy: false };
  w.worker.on('exit', () => {
    if (warm === w) warm = null;
  });
  warm = w;
  return w;
}

function release(w: Warm): void {
  w.busy = false;
  w.worker.unref();
  w.idle = setTimeout(() => void w.worker.terminate(), importWorkerPolicy.idleMs);
  w.idle.unref();
}

/** Read `input` into `sink`, in a worker when the file is large and a worker can be started. */
export async function runSheetReader(input: SheetInput, snapshot: LookupSnapshot, sink: SheetSink): Promise<void> {
  const w = importWorkerPolicy.enabled && input.bytes.byteLength >= importWorkerPolicy.minBytes ? takeWorker() : null;
  if (!w) return readAssetSheet(input, snapshotLookups(snapshot), sink);
  w.busy = true;
  w.worker.ref();
  const id = nextJob++;
  let heard = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: unknown) => {
        w.worker.off('message', onMessage);
        w.worker.off('error', onError);
        w.worker.off('exit', onExit);
        if (err === undefined) resolve();
        else reject(err);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.id !== id) return;
        heard = true;
        try {
          if (m.kind === 'header') sink.header(m.labels);
          else if (m.kind === 'batch') sink.batch(m.batch);
          else if (m.kind === 'done') {
            importWorkerStats.jobs++;
            done();
          }
          else done('code' in m.error ? LedgerError.fromJSON(m.error) : new Error(m.error.message));
        } catch (err) {
          // The engine's side failed (a database error): this job's remaining messages are ignored.
          done(err);
        }
      };
      const onError = (err: Error) => done(err);
      const onExit = (code: number) => done(new Error(`import worker exited with code ${code}`));
      w.worker.on('message', onMessage);
      w.worker.on('error', onError);
      w.worker.on('exit', onExit);
      const job: WorkerJob = { id, input, snapshot };
      w.worker.postMessage(job);
    });
  } catch (err) {
    if (!(err instanceof LedgerError)) {
      // A worker in trouble is not reused.
      void w.worker.terminate();
      if (warm === w) warm = null;
      // One that could not even start (no tsx, a broken bundle): read here instead.
      if (!heard) {
        importWorkerStats.fallbacks++;
        return readAssetSheet(input, snapshotLookups(snapshot), sink);
      }
    }
    throw err;
  } finally {
    if (warm === w) release(w);
  }
}
