import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { departmentFields } from '../../../shared/api/schemas';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateTimeColumn, textColumn, type GridColumn } from '../../grid/columns';
import { ImportButton } from '../../grid/ImportButton';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { UnitFilter } from '../../components/UnitFilter';
import { ScreenHeader } from '../ScreenHeader';
import { runExport, useLoader } from '../useLoader';

export function DepartmentsScreen() {
  const { t } = useT();
  const session = useSession();
  const canEdit = session.can('dept.write');
  const grid = useRef<LedgerGridHandle<DepartmentRow>>(null);
  const [unitCode, setUnitCode] = useState<string>('');
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(() => send('departments.list', unitCode ? { unitCode } : {}), [unitCode]);
  const { rows, error, reload } = useLoader(load);

  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  useEffect(() => {
    send('units.list', {})
      .then((u) => setUnits(u.sort((a, b) => a.code.localeCompare(b.code))))
      .catch(() => setUnits([]));
  }, []);

  const columns = useMemo<GridColumn<DepartmentRow>[]>(
    () => [
      codeColumn<DepartmentRow>('unitCode', t('departments.unitCode'), { editable: true, schema: departmentFields.shape.unitCode }),
      codeColumn<DepartmentRow>('code', t('departments.code'), { editable: true, schema: departmentFields.shape.code }),
      textColumn<DepartmentRow>('name', t('departments.name'), { editable: true, schema: departmentFields.shape.name, flex: 1, minWidth: 200 }),
      textColumn<DepartmentRow>('unitName', t('departments.unitName'), { editable: false, flex: 1, minWidth: 200 }),
      textColumn<DepartmentRow>('updatedBy', t('units.updatedBy'), { editable: false, width: 110, pinyin: false, colDef: { cellClass: 'cell-muted' } }),
      dateTimeColumn<DepartmentRow>('updatedAt', t('units.updatedAt')),
    ],
    [t],
  );
  const headers = useMemo(() => Object.fromEntries(columns.map((c) => [c.field, c.header])), [columns]);
  const batch = useCallback((ops: BatchOp[]) => send('departments.batch', { ops: ops as never }), []);
  // New departments go to the filtered unit, or to a unit operator's own unit.
  const ownUnit = session.user.role === 'unit_operator' ? session.user.unitCode : null;
  const defaults = useCallback(() => {
    const code = unitCode || ownUnit;
    return code ? { unitCode: code } : {};
  }, [unitCode, ownUnit]);

  return (
    <div className="screen">
      <ScreenHeader title={t('departments.title')} crumbs={`${t('nav.settings')} › ${t('departments.title')}`} />
      <LedgerGrid<DepartmentRow>
        ref={grid}
        testId="grid-departments"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={batch}
        allowInsert
        newRowDefaults={defaults}
        reload={reload}
        toolbar={
          <UnitFilter testId="department-unit-filter" label={t('departments.unitFilter')} allLabel={t('departments.allUnits')} units={units} value={unitCode} onChange={setUnitCode} />
        }
        actions={
          <>
            {canEdit && (
              <ImportButton
                method="departments.import"
                what={t('departments.what')}
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
              onClick={() => void runExport(setExporting, grid.current, () => send('departments.export', unitCode ? { unitCode } : {}), t)}
            >
              ⇩ {t('grid.export')}
            </button>
          </>
        }
      />
    </div>
  );
}
