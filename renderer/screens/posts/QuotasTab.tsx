// 岗位设置: a unit per row — 编制 (own, plus what the pool lent), 岗位总量, posts per category and
// per professional band, the ratio set that applies — edited like a spreadsheet. Each edit (or a
// pasted block) becomes one `posts.quotas.save` of the rows it touched, all or nothing; the engine
// refuses 岗位总量 > 编制 and categories over the total, and its errors land on the cells.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import { quotaInput, type QuotaInput, type RatioSetRow } from '../../../shared/api/posts';
import type { BatchResult } from '../../../shared/api/types';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, enumColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { ImportButton } from '../../grid/ImportButton';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { runExport, useLoader } from '../useLoader';
import { BAND_FIELDS, quotaSaveInput, toGridRow, type QuotaGridRow } from './helpers';

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
  const [withVillages, setWithVillages] = useState(false);
  // Village clinics rarely have a post scheme of their own (their people are employed by the township centre).
  const load = useCallback(async () => (await send('posts.quotas.list', {})).filter((q) => withVillages || q.unitType !== '村卫生室' || q.version !== null).map(toGridRow), [withVillages]);
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
      textColumn<QuotaGridRow>('unitType', t('units.type'), { width: 110 }),
      enumColumn<QuotaGridRow, string>('ratioSetChoice', t('posts.quotas.ratioSet'), setCodes, (c) => (c ? `${c} ${setName.get(c) ?? ''}` : t('posts.quotas.defaultSet')), {
        editable: true,
        width: 180,
        format: (v, r) => (v ? `${String(v)} ${setName.get(String(v)) ?? ''}` : `${t('posts.quotas.defaultSet')}（${r?.ratioSet ?? ''}）`),
      }),
      num('staffing', t('posts.quotas.staffing'), shape.staffing),
      intColumn<QuotaGridRow>('poolAllocated', t('posts.quotas.pool'), { width: 80 }),
      intColumn<QuotaGridRow>('effectiveStaffing', t('posts.quotas.effective'), { width: 96 }),
      num('totalPosts', t('posts.quotas.totalPosts'), shape.totalPosts, 90),
      num('mgmtPosts', t('posts.quotas.mgmt'), shape.mgmtPosts),
      num('proPosts', t('posts.quotas.pro'), shape.proPosts),
      num('workerPosts', t('posts.quotas.worker'), shape.workerPosts),
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
      toolbar={
        <>
          <label className="checkbox">
            <input type="checkbox" data-testid="quotas-villages" checked={withVillages} onChange={(e) => setWithVillages(e.target.checked)} />
            {t('posts.quotas.withVillages')}
          </label>
          <span className="posts-note">{t('posts.quotas.hint')}</span>
        </>
      }
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
