import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { unitFields } from '../../../shared/api/schemas';
import type { BatchResult, UnitRow } from '../../../shared/api/types';
import { UNIT_TYPES, UNIT_TYPE_EN, type UnitType } from '../../../shared/domain/org';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateTimeColumn, enumColumn, textColumn, type GridColumn } from '../../grid/columns';
import { ImportButton } from '../../grid/ImportButton';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { ScreenHeader } from '../ScreenHeader';
import { runExport, useLoader } from '../useLoader';

export function unitColumns(t: (k: string) => string, lang: 'zh' | 'en'): GridColumn<UnitRow>[] {
  return [
    codeColumn<UnitRow>('code', t('units.code'), { editable: true, schema: unitFields.shape.code }),
    textColumn<UnitRow>('name', t('units.name'), { editable: true, schema: unitFields.shape.name, flex: 2, minWidth: 220 }),
    enumColumn<UnitRow, UnitType>('type', t('units.type'), UNIT_TYPES, (v) => (lang === 'en' ? UNIT_TYPE_EN[v] : v), {
      editable: true,
      schema: unitFields.shape.type,
      width: lang === 'en' ? 190 : 150,
      alsoAccept: (v) => [UNIT_TYPE_EN[v]],
    }),
    codeColumn<UnitRow>('parentCode', t('units.parentCode'), { editable: true, schema: unitFields.shape.parentCode, width: 130 }),
    textColumn<UnitRow>('parentName', t('units.parentName'), { editable: false, flex: 1, minWidth: 180 }),
    textColumn<UnitRow>('updatedBy', t('units.updatedBy'), { editable: false, width: 110, minWidth: 90, pinyin: false, colDef: { cellClass: 'cell-muted' } }),
    dateTimeColumn<UnitRow>('updatedAt', t('units.updatedAt')),
  ];
}

/** A unit's name or code changed: its children show the parent's name, so refresh theirs here. */
function refreshParentNames(res: BatchResult<UnitRow>, api: GridApi<UnitRow>, patch: (rows: UnitRow[]) => void) {
  if (res.rows.length === 0 && res.deletedIds.length === 0) return;
  const names = new Map<string, string>();
  api.forEachNode((n) => {
    if (n.data) names.set(n.data.code, n.data.name);
  });
  const update: UnitRow[] = [];
  api.forEachNode((n) => {
    const d = n.data;
    if (!d) return;
    const parentName = d.parentCode ? (names.get(d.parentCode) ?? null) : null;
    if (parentName !== d.parentName) update.push({ ...d, parentName });
  });
  if (update.length) patch(update);
}

export function UnitsScreen() {
  const { t, lang } = useT();
  const session = useSession();
  const canEdit = session.can('org.write');
  const grid = useRef<LedgerGridHandle<UnitRow>>(null);
  const { rows, error, reload } = useLoader(useCallback(() => send('units.list', {}), []));
  const [exporting, setExporting] = useState(false);

  const columns = useMemo(() => unitColumns(t, lang), [t, lang]);
  const batch = useCallback((ops: BatchOp[]) => send('units.batch', { ops: ops as never }), []);
  const headers = useMemo(() => Object.fromEntries(columns.map((c) => [c.field, c.header])), [columns]);

  useEffect(() => {
    reload().catch(() => undefined); // shown by the grid (loadError)
  }, [reload]);

  return (
    <div className="screen">
      <ScreenHeader title={t('units.title')} crumbs={`${t('nav.settings')} › ${t('units.title')}`} />
      <LedgerGrid<UnitRow>
        ref={grid}
        testId="grid-units"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={batch}
        allowInsert
        reload={reload}
        afterBatch={refreshParentNames}
        actions={
          <>
            {canEdit && (
              <ImportButton
                method="units.import"
                what={t('units.what')}
                headers={headers}
                onImported={(res) => {
                  if (res.batchId) grid.current?.pushUndo(res.batchId);
                  reload()
                    .then(() => grid.current?.notify(t('import.done', { n: res.imported, id: res.batchId ?? '' }), 'success'))
                    .catch((err: unknown) => grid.current?.showError(err));
                }}
              />
            )}
            <button
              type="button"
              className="btn"
              data-testid="export-button"
              disabled={exporting}
              onClick={() => void runExport(setExporting, grid.current, () => send('units.export'), t)}
            >
              ⇩ {t('grid.export')}
            </button>
          </>
        }
      />
    </div>
  );
}
