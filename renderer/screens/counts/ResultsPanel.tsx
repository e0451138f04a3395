// 结果录入: the expected list in the ledger grid, one row per asset on the book, with the result
// (在 / 无), the actual location, user and status, and a note — typed or pasted from Excel; each
// edit or pasted block is one `counts.record` call. Blank actual fields mean "as on the book".
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { COUNT_CLASSES, parseCountMark, type CountClass } from '../../../shared/domain/count';
import type { CountDetail, CountResultRow, Difference } from '../../../shared/api/counts';
import type { BatchResult } from '../../../shared/api/types';
import { USAGE_STATUSES } from '../../../shared/parse/asset-values';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, enumColumn, intColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { useLoader } from '../useLoader';
import { deviceName } from './ScanPanel';

export type ResultGridRow = CountResultRow & { id: string };

const toGrid = (r: CountResultRow): ResultGridRow => ({ ...r, id: r.code });

/** `地点：门诊楼101 → 库房；使用人：张伟 → 李娜` */
export function differenceText(diffs: readonly Difference[], t: (k: string) => string): string {
  return diffs.map((d) => `${t(`counts.fields.${d.field}`)}：${d.book ?? t('counts.blank')} → ${d.actual}`).join('；');
}

export function ClassBadge({ cls }: { cls: CountClass | 'surplus' }) {
  const { t } = useT();
  return <span className={`count-class count-class-${cls}`}>{t(`counts.classNames.${cls}`)}</span>;
}

const STATUSES = USAGE_STATUSES.filter((s) => s !== '已处置');

export function ResultsPanel({ count, onChanged }: { count: CountDetail; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const session = useSession();
  const canEdit = session.can('assets.write') && count.status === 'open';
  const grid = useRef<LedgerGridHandle<ResultGridRow>>(null);
  const rowsById = useRef(new Map<string, ResultGridRow>());
  const [location, setLocation] = useState<string>('');
  const [cls, setCls] = useState<CountClass | ''>('');
  const [uncounted, setUncounted] = useState(false);
  const load = useCallback(async () => {
    const rows = (await send('counts.results', { id: count.id, ...(location ? { location } : {}), ...(cls ? { cls } : {}), ...(uncounted ? { uncounted: true } : {}) })).map(toGrid);
    rowsById.current = new Map(rows.map((r) => [r.id, r]));
    return rows;
  }, [count.id, location, cls, uncounted]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const batch = useCallback(
    async (ops: BatchOp[]): Promise<BatchResult<ResultGridRow>> => {
      const out = ops.flatMap((op) => {
        if (op.op !== 'update') return [];
        const base = rowsById.current.get(op.id);
        if (!base) return [];
        const m = { ...base, ...op.changes } as ResultGridRow;
        // Typing a location, user or status on an uncounted row means it was found.
        const touched = 'actualLocation' in op.changes || 'actualUser' in op.changes || 'actualStatus' in op.changes;
        const result = m.result ?? (touched ? 'found' : null);
        return [{ code: base.code, result, actualLocation: m.actualLocation, actualUser: m.actualUser, actualStatus: m.actualStatus as never, note: m.note }];
      });
      const r = await send('counts.record', { id: count.id, rows: out, counter: session.user.displayName, device: deviceName() });
      const rows = r.rows.map(toGrid);
      for (const row of rows) rowsById.current.set(row.id, row);
      void onChanged();
      return { batchId: r.batchId ?? 0, rows, deletedIds: [] };
    },
    [count.id, onChanged, session.user.displayName],
  );

  const columns = useMemo<GridColumn<ResultGridRow>[]>(
    () => [
      intColumn<ResultGridRow>('seq', '#', { width: 64 }),
      codeColumn<ResultGridRow>('code', t('counts.code'), { width: 130, colDef: { pinned: 'left' } }),
      textColumn<ResultGridRow>('name', t('counts.assetName'), { width: 160, colDef: { pinned: 'left' } }),
      textColumn<ResultGridRow>('model', t('counts.model'), { width: 120, pinyin: false }),
      textColumn<ResultGridRow>('deptName', t('counts.dept'), { width: 100 }),
      textColumn<ResultGridRow>('bookLocation', t('counts.bookLocation'), { width: 120 }),
      textColumn<ResultGridRow>('bookUser', t('counts.bookUser'), { width: 90 }),
      textColumn<ResultGridRow>('bookStatus', t('counts.bookStatus'), { width: 90 }),
      {
        ...enumColumn<ResultGridRow, 'found' | 'missing'>('result', t('counts.result'), ['found', 'missing'], (v) => t(`counts.results.${v}`), { width: 96, editable: canEdit }),
        // The marks people write: 在/有/√/是 → found, 无/×/否/未找到 → missing, blank → not counted.
        parse: (input: unknown) => {
          if (input === 'found' || input === 'missing' || input === null) return input;
          const m = parseCountMark(input);
          if (m === null) return null;
          if (m === 'found' || m === 'missing') return m;
          const s = String(input).trim().toLowerCase();
          return s === t('counts.results.found').toLowerCase() ? 'found' : s === t('counts.results.missing').toLowerCase() ? 'missing' : input;
        },
        format: (v: unknown) => (v === 'found' || v === 'missing' ? t(`counts.results.${v}`) : ''),
      },
      textColumn<ResultGridRow>('actualLocation', t('counts.actualLocation'), { width: 130, editable: canEdit }),
      textColumn<ResultGridRow>('actualUser', t('counts.actualUser'), { width: 100, editable: canEdit }),
      enumColumn<ResultGridRow, (typeof STATUSES)[number]>('actualStatus', t('counts.actualStatus'), STATUSES, (v) => v, { width: 100, editable: canEdit, colDef: { cellEditorParams: { values: ['', ...STATUSES] } } }),
      textColumn<ResultGridRow>('cls', t('counts.class'), { width: 100, format: (v) => t(`counts.classNames.${String(v)}`), colDef: { cellRenderer: (p: { data?: ResultGridRow }) => (p.data ? <ClassBadge cls={p.data.cls} /> : null) } }),
      textColumn<ResultGridRow>('differences', t('counts.differences'), { width: 220, format: (_v, r) => (r ? differenceText(r.differences, t) : '') }),
      textColumn<ResultGridRow>('note', t('counts.note'), { width: 140, editable: canEdit }),
      textColumn<ResultGridRow>('source', t('counts.source'), { width: 80, format: (v) => (v ? t(`counts.sources.${String(v)}`) : '') }),
      textColumn<ResultGridRow>('counter', t('counts.counter'), { width: 90 }),
      intColumn<ResultGridRow>('scans', t('counts.scans'), { width: 70 }),
      moneyColumn<ResultGridRow>('costFen', t('counts.cost'), { width: 120 }),
      moneyColumn<ResultGridRow>('netFen', t('counts.net'), { width: 120 }),
    ],
    [t, canEdit],
  );

  return (
    <>
      <div className="sharing-hint muted">{canEdit ? t('counts.resultsHint') : t('counts.readOnlyHint')}</div>
      <LedgerGrid<ResultGridRow>
        ref={grid}
        testId="grid-count-results"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={batch}
        undoable={false}
        reload={reload}
        toolbar={
          <>
            <label className="toolbar-field">
              {t('counts.bookLocation')}
              <select data-testid="results-location" value={location} onChange={(e) => setLocation(e.target.value)}>
                <option value="">{t('counts.allLocations')}</option>
                {count.byLocation.map((l) => (
                  <option key={l.location ?? ''} value={l.location ?? ''} disabled={!l.location}>
                    {l.location ?? t('counts.noLocation')}（{l.counted}/{l.expected}）
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              {t('counts.class')}
              <select data-testid="results-class" value={cls} onChange={(e) => setCls(e.target.value as CountClass | '')}>
                <option value="">{t('counts.allClasses')}</option>
                {COUNT_CLASSES.map((c) => (
                  <option key={c} value={c}>
                    {t(`counts.classNames.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" data-testid="results-uncounted" checked={uncounted} onChange={(e) => setUncounted(e.target.checked)} />
              {t('counts.onlyUncounted')}
            </label>
          </>
        }
      />
    </>
  );
}
