// 岗位设置: a unit per row — 编制 (own, plus what the pool lent), 岗位总量, posts per category and
// per professional band, the ratio set that applies — edited like a spreadsheet. Each edit (or a
// pasted block) becomes one `posts.quotas.save` of the rows it touched, all or nothing; the engine
// refuses 岗位总量 > 编制 and categories over the total, and its errors land on the cells.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import { quotaInput, type QuotaInput, type QuotaRow, type RatioSetRow } from '../../../shared/api/posts';
import type { BatchResult } from '../../../shared/api/types';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, enumColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { ImportButton } from '../../grid/ImportButton';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { runExport, useLoader } from '../useLoader';

/** The professional bands HR most often sets explicitly (the others stay bounded by their category). */
const BAND_FIELDS = [
  ['band正高', '正高'],
  ['band副高', '副高'],
  ['band中级', '中级'],
  ['band初级', '初级'],
] as const;
type BandField = (typeof BAND_FIELDS)[number][0];

export type QuotaGridRow = {
  id: string;
  version: number;
  unitCode: string;
  unitName: string;
  unitType: string;
  /** '' = the default set of the unit type. */
  ratioSetChoice: string;
  ratioSet: string;
  staffing: number;
  poolAllocated: number;
  effectiveStaffing: number;
  totalPosts: number;
  mgmtPosts: number;
  proPosts: number;
  workerPosts: number;
  docNo: string | null;
  raw: QuotaRow;
} & Record<BandField, number | null>;

export function toGridRow(q: QuotaRow): QuotaGridRow {
  const r = {
    id: q.unitCode,
    version: q.version ?? 0,
    unitCode: q.unitCode,
    unitName: q.unitName,
    unitType: q.unitType,
    ratioSetChoice: q.ratioSetChosen ? q.ratioSet : '',
    ratioSet: q.ratioSet,
    staffing: q.staffing,
    poolAllocated: q.poolAllocated,
    effectiveStaffing: q.effectiveStaffing,
    totalPosts: q.totalPosts,
    mgmtPosts: q.categories.管理,
    proPosts: q.categories.专业技术,
    workerPosts: q.categories.工勤,
    docNo: q.docNo,
    raw: q,
  } as QuotaGridRow;
  for (const [f, band] of BAND_FIELDS) r[f] = q.bands[band] ?? null;
  return r;
}

/** The save input for a row with some cells changed. */
export function quotaSaveInput(row: QuotaGridRow, changes: Record<string, unknown>): z.input<typeof quotaInput> {
  const q = row.raw;
  const bands: Record<string, number> = {};
  for (const [b, n] of Object.entries(q.bands)) if (typeof n === 'number') bands[b] = n;
  const v = { ...row, ...changes } as QuotaGridRow;
  for (const [f, band] of BAND_FIELDS) {
    const n = v[f];
    if (typeof n === 'number') bands[band] = n;
    else delete bands[band];
  }
  return {
    unitCode: q.unitCode,
    ratioSet: v.ratioSetChoice || null,
    staffing: v.staffing,
    totalPosts: v.totalPosts,
    mgmtPosts: v.mgmtPosts,
    proPosts: v.proPosts,
    workerPosts: v.workerPosts,
    bands,
    docNo: v.docNo,
    ...(q.version ? { version: q.version } : {}),
  };
}

const bandCount = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.number({ error: 'v.count' }).int('v.count').min(0, 'v.count').max(1_000_000, 'v.count').nullable());

export function QuotasTab() {
  const { t } = useT();
  const session = useSession();
  const canManage = session.can('posts.manage');
  const grid = useRef<LedgerGridHandle<QuotaGridRow>>(null);
  const [sets, setSets] = useState<RatioSetRow[]>([]);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    send('posts.ratioSets.list', {}).then(setSets, () => undefined);
  }, []);
  const load = useCallback(async () => (await send('posts.quotas.list', {})).map(toGridRow), []);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const shape = quotaInput.shape;
  const columns = useMemo<GridColumn<QuotaGridRow>[]>(() => {
    const setCodes = ['', ...sets.map((s) => s.code)];
    const setName = new Map(sets.map((s) => [s.code, s.name]));
    const num = (f: keyof QuotaGridRow & string, header: string, schema: z.ZodType, width = 80) => intColumn<QuotaGridRow>(f, header, { editable: true, schema, width });
    return [
      codeColumn<QuotaGridRow>('unitCode', t('units.code'), { width: 90, colDef: { pinned: 'left' } }),
      textColumn<QuotaGridRow>('unitName', t('units.name'), { width: 190, colDef: { pinned: 'left' } }),
      textColumn<QuotaGridRow>('unitType', t('units.type'), { width: 120 }),
      enumColumn<QuotaGridRow, string>('ratioSetChoice', t('posts.quotas.ratioSet'), setCodes, (c) => (c ? `${c} ${setName.get(c) ?? ''}` : t('posts.quotas.defaultSet')), {
        editable: true,
        width: 200,
        format: (v, r) => (v ? `${String(v)} ${setName.get(String(v)) ?? ''}` : `${t('posts.quotas.defaultSet')}（${r?.ratioSet ?? ''}）`),
      }),
      num('staffing', t('posts.quotas.staffing'), shape.staffing),
      intColumn<QuotaGridRow>('poolAllocated', t('posts.quotas.pool'), { width: 80 }),
      intColumn<QuotaGridRow>('effectiveStaffing', t('posts.quotas.effective'), { width: 96 }),
      num('totalPosts', t('posts.quotas.totalPosts'), shape.totalPosts, 90),
      num('mgmtPosts', t('posts.categories.管理'), shape.mgmtPosts),
      num('proPosts', t('posts.categories.专业技术'), shape.proPosts, 90),
      num('workerPosts', t('posts.categories.工勤'), shape.workerPosts),
      ...BAND_FIELDS.map(([f, band]) => num(f, t(`posts.bands.${band}`), bandCount, 72)),
      textColumn<QuotaGridRow>('docNo', t('posts.quotas.docNo'), { editable: true, schema: shape.docNo, width: 150, pinyin: false }),
    ];
  }, [t, sets, shape]);

  const batch = useCallback(async (ops: BatchOp[]): Promise<BatchResult<QuotaGridRow>> => {
    const api = grid.current?.api();
    const inputs: z.input<typeof quotaInput>[] = [];
    for (const op of ops) {
      if (op.op !== 'update') continue;
      const row = api?.getRowNode(op.id)?.data;
      if (row) inputs.push(quotaSaveInput(row, op.changes));
    }
    const res = await send('posts.quotas.save', { rows: inputs as QuotaInput[] });
    return { batchId: res.batchId ?? 0, rows: res.rows.map(toGridRow), deletedIds: [] };
  }, []);

  const headers = useMemo(() => Object.fromEntries(columns.map((c) => [c.field, c.header])), [columns]);

  return (
    <LedgerGrid<QuotaGridRow>
      ref={grid}
      testId="grid-quotas"
      columns={columns}
      rows={rows}
      loadError={error}
      canEdit={canManage}
      batch={batch}
      reload={reload}
      toolbar={<span className="posts-note">{t('posts.quotas.hint')}</span>}
      actions={
        <>
          {canManage && (
            <ImportButton
              run={(args) => send('posts.quotas.import', args)}
              what={t('posts.quotas.what')}
              headers={headers}
              onImported={(res) => {
                if (res.batchId) grid.current?.pushUndo(res.batchId);
                reload()
                  .then(() => grid.current?.notify(t('import.done', { n: res.imported, id: res.batchId ?? '' }), 'success'))
                  .catch((err: unknown) => grid.current?.showError(asLedgerError(err)));
              }}
            />
          )}
          <button type="button" className="btn" data-testid="export-button" disabled={exporting} onClick={() => void runExport(setExporting, grid.current, () => send('posts.quotas.export', {}), t)}>
            ⇩ {t('grid.export')}
          </button>
        </>
      }
    />
  );
}
