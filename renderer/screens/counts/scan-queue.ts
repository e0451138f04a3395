// The scan field's queue (pure: no DOM, no React — tests/renderer/count-scan-queue.test.ts).
//
// A barcode scanner is a keyboard that types a code and presses Enter, up to 20 times a second.
// The field never waits for the engine: Enter puts the code in this queue at once (with a client
// id, so a batch resent after a lost answer is not applied twice — the engine replays it) and a
// single sender takes whatever has queued up as one `counts.scan` batch. While a batch is in the
// air, new codes keep queueing; they go in the next batch. Nothing is dropped: a batch that fails
// in transport goes back to the front of the queue and is resent with the same client ids.

import type { ScanKind, ScanOutcome } from '../../../shared/api/counts';

export type ScanState = 'queued' | 'sending' | ScanKind | 'failed';

export interface ScanItem {
  /** Position in this session (1-based), shown in the running list. */
  seq: number;
  clientId: string;
  code: string;
  /** When Enter was pressed (device clock, ISO). */
  at: string;
  state: ScanState;
  name: string | null;
  location: string | null;
  userName: string | null;
  /** Why a scan failed for good (the engine refused it). */
  error: string | null;
}

export interface ScanTally {
  total: number;
  pending: number;
  expected: number;
  duplicate: number;
  unknown: number;
  failed: number;
}

/** Codes as scanners and people type them: trimmed, inner whitespace and control characters removed. */
export function cleanScannedCode(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

export class ScanQueue {
  readonly items: ScanItem[] = [];
  private waiting: ScanItem[] = [];
  private seq = 0;

  constructor(private readonly newId: () => string = defaultId) {}

  /** A code typed or scanned: queued at once. Blank input is ignored (returns null). */
  enqueue(raw: string, at: Date = new Date()): ScanItem | null {
    const code = cleanScannedCode(raw);
    if (!code) return null;
    const item: ScanItem = { seq: ++this.seq, clientId: this.newId(), code, at: at.toISOString(), state: 'queued', name: null, location: null, userName: null, error: null };
    this.items.push(item);
    this.waiting.push(item);
    return item;
  }

  get pending(): number {
    return this.waiting.length + this.items.filter((i) => i.state === 'sending').length;
  }

  /** Up to `max` queued scans, oldest first, marked as sending. Empty when nothing waits. */
  take(max: number): ScanItem[] {
    const batch = this.waiting.splice(0, Math.max(1, max));
    for (const i of batch) i.state = 'sending';
    return batch;
  }

  /** The engine answered: one outcome per scan, in order. A replayed scan keeps what it was first. */
  settle(batch: readonly ScanItem[], outcomes: readonly ScanOutcome[]): void {
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (!o) {
        item.state = 'failed';
        item.error = 'no outcome';
        return;
      }
      item.state = o.kind === 'replayed' ? (o.foundId ? 'unknown' : 'expected') : o.kind;
      item.name = o.name;
      item.location = o.location;
      item.userName = o.userName;
    });
  }

  /** The batch never arrived (or its answer was lost): back to the front, same client ids. */
  requeue(batch: readonly ScanItem[]): void {
    for (const i of batch) i.state = 'queued';
    this.waiting = [...batch, ...this.waiting];
  }

  /** The engine refused the batch (count closed, no permission…): those scans fail for good. */
  fail(batch: readonly ScanItem[], message: string): void {
    for (const i of batch) {
      i.state = 'failed';
      i.error = message;
    }
  }

  tally(): ScanTally {
    const t: ScanTally = { total: this.items.length, pending: 0, expected: 0, duplicate: 0, unknown: 0, failed: 0 };
    for (const i of this.items) {
      if (i.state === 'queued' || i.state === 'sending') t.pending++;
      else if (i.state === 'expected' || i.state === 'duplicate' || i.state === 'unknown' || i.state === 'failed') t[i.state]++;
    }
    return t;
  }

  /** The newest `n` scans, newest first (the running list). */
  latest(n: number): ScanItem[] {
    return this.items.slice(-n).reverse();
  }
}

function defaultId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
