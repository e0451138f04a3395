import type { z } from 'zod';
import { LedgerError, type ErrorDetail } from '../../shared/errors';
import { findHeader, isBannerRow, isBlankMarker, isColumnNumberRow, isTotalRow, type ColumnSpec } from '../../shared/import/headers';
import { msg } from '../../shared/i18n/messages';
import { readSheet } from './sheet';

export interface SheetRecord<F extends string> {
  rowNumber: number;
  values: Partial<Record<F, string>>;
}

export interface SheetRecords<F extends string> {
  records: SheetRecord<F>[];
  /** field → the header text as written in the user's sheet */
  labels: Partial<Record<F, string>>;
}

/** Read an uploaded file into records keyed by field, locating the header below any title rows and skipping total rows. */
export async function readRecords<F extends string>(upload: { fileName: string; base64: string }, specs: readonly ColumnSpec<F>[]): Promise<SheetRecords<F>> {
  const rows = await readSheet(Buffer.from(upload.base64, 'base64'), upload.fileName);
  const header = findHeader(
    rows.map((r) => r.cells),
    specs,
  );
  const expected = specs.map((s) => s.aliases[0]).join('、');
  if (!header) {
    throw new LedgerError('VALIDATION', `在 ${upload.fileName} 的前 30 行中找不到表头（应包含：${expected}）`, { key: 'error.noHeader', params: { expected } });
  }
  if (header.missingRequired.length) {
    const missing = header.missingRequired.map((f) => specs.find((s) => s.field === f)!.aliases[0]).join('、');
    throw new LedgerError('VALIDATION', `表头缺少必需的列：${missing}`, {
      key: 'error.missingColumns',
      params: { missing },
      details: header.missingRequired.map((f) => ({ row: rows[header.headerIndex]!.rowNumber, column: specs.find((s) => s.field === f)!.aliases[0], message: '缺少此列' })),
    });
  }
  const records: SheetRecord<F>[] = [];
  const headerRow = rows[header.headerIndex]!.rowNumber;
  for (const row of rows.slice(header.headerIndex + 1)) {
    // 合计 rows, section headings / notes merged across the row, 以下空白, the 栏次 row under the header.
    if (isTotalRow(row.cells) || isBannerRow(row.cells)) continue;
    if (row.cells.filter((c) => c !== '').length === 1 && row.cells.some((c) => c !== '' && isBlankMarker(c))) continue;
    if (row.rowNumber <= headerRow + 3 && isColumnNumberRow(row.cells)) continue;
    const values: Partial<Record<F, string>> = {};
    for (const [field, col] of Object.entries(header.columns) as [F, number][]) {
      const v = row.cells[col];
      if (v !== undefined && v !== '') values[field] = v;
    }
    if (Object.keys(values).length) records.push({ rowNumber: row.rowNumber, values });
  }
  return { records, labels: header.labels };
}

/** Validate one record against a zod schema, reporting problems with the sheet's row number and column header. */
export function validateRecord<S extends z.ZodType>(
  schema: S,
  record: SheetRecord<string>,
  labels: Partial<Record<string, string>>,
): { ok: true; data: z.output<S> } | { ok: false; details: ErrorDetail[] } {
  const parsed = schema.safeParse(record.values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    details: parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return { row: record.rowNumber, column: labels[field] ?? field, field, message: msg(i.message) };
    }),
  };
}
