// Worker thread of large imports (see import-worker-host.ts): reads each sheet it is sent and
// posts the checked rows back in batches. It has no database connection: units and departments
// come with the job as a snapshot. Jobs come one at a time.
import { parentPort } from 'node:worker_threads';
import { LedgerError } from '../../../shared/errors';
import { readAssetSheet, snapshotLookups } from './import';
import type { WorkerJob, WorkerMessage } from './import-worker-host';

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

port.on('message', ({ id, input, snapshot }: WorkerJob) => {
  readAssetSheet(input, snapshotLookups(snapshot), {
    header: (labels) => post({ id, kind: 'header', labels }),
    batch: (batch) => post({ id, kind: 'batch', batch }),
  }).then(
    () => post({ id, kind: 'done' }),
    (err: unknown) => post({ id, kind: 'error', error: err instanceof LedgerError ? err.toJSON() : { message: err instanceof Error ? err.message : String(err) } }),
  );
});
