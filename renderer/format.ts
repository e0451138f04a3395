import { formatMoney } from '../shared/money';

// Display formatting for zh-CN (the same in the English UI: the ledger's numbers and dates are Chinese documents).

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '' : intFormat.format(n);
}

/** Integer fen → `12,345.60` through the ledger-wide formatter (shared/money); '' for empty or non-integer input. */
export function formatFen(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const n = typeof fen === 'bigint' ? Number(fen) : fen;
  return Number.isSafeInteger(n) ? formatMoney(n) : '';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp → local `2024-05-01 14:03` (the way Chinese ledgers write it). */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${base}:${pad(d.getSeconds())}` : base;
}

/** ISO date `YYYY-MM-DD` stays as is (already the Chinese convention); anything else is shown raw. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}
