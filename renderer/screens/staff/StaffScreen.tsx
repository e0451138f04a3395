// 岗位 › 人员名册: the staff register (issue #5) on the shared LedgerGrid. Every cell is checked with
// the shared zod field schemas (shared/api/staff.ts) before `staff.batch`; the engine cross-checks
// identity number against sex and birth date and its row/field errors come back onto the cells.
// Identity numbers arrive masked for roles without staff.pii (the engine masks them) and such cells
// are read-only. Import .xlsx / GB18030 .csv with the dry-run preview; export the register.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CurrentPost, StaffDetail, StaffRow } from '../../../shared/api/staff';
import { STAFFING_TYPES, staffObject } from '../../../shared/api/staff';
import type { UnitRow } from '../../../shared/api/types';
import { SEXES } from '../../../shared/domain/posts/idcard';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { Dialog } from '../../components/Dialog';
import { codeColumn, dateColumn, enumColumn, textColumn, type GridColumn } from '../../grid/columns';
import { ImportButton } from '../../grid/ImportButton';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { errorText, useT } from '../../i18n';
import { UnitFilter, useUnits } from '../../components/UnitFilter';
import '../posts/posts.css';
import { ScreenHeader } from '../ScreenHeader';
import { runExport, useLoader } from '../useLoader';

/** 专业技术七级 · 副主任医师 @ QH101 (two for a 双肩挑 person). */
export function currentPostText(current: readonly CurrentPost[] | null | undefined, unitName?: (code: string) => string): string {
  if (!current || current.length === 0) return '';
  return current.map((c) => [c.gradeLabel, c.postName, unitName ? unitName(c.unitCode) : null].filter(Boolean).join(' · ')).join('；');
}

export function staffColumns(t: (k: string) => string, units: UnitRow[], canPii: boolean): GridColumn<StaffRow>[] {
  const shape = staffObject.shape;
  const unitCodes = units.map((u) => u.code);
  const nameOf = new Map(units.map((u) => [u.code, u.name]));
  const unitLabel = (c: string) => nameOf.get(c) ?? c;
  const unitCol = (field: 'employingUnitCode' | 'workingUnitCode', header: string, editable: boolean) =>
    enumColumn<StaffRow, string>(field, header, unitCodes, unitLabel, {
      editable,
      schema: shape[field],
      width: 170,
      pinyin: true,
      // A unit outside the user's scope (a county doctor working here) is not in units.list: the row carries its name.
      format: (v, row) => (typeof v === 'string' && v ? (nameOf.get(v) ?? (row ? row[field === 'employingUnitCode' ? 'employingUnitName' : 'workingUnitName'] : v)) : ''),
      colDef: { cellEditorParams: { values: field === 'workingUnitCode' ? ['', ...unitCodes] : unitCodes } },
    });
  return [
    codeColumn<StaffRow>('staffNo', t('staff.staffNo'), { editable: false, insertable: true, schema: shape.staffNo, width: 110, colDef: { pinned: 'left' } }),
    textColumn<StaffRow>('name', t('staff.name'), { editable: true, schema: shape.name, width: 96, minWidth: 80, colDef: { pinned: 'left' } }),
    codeColumn<StaffRow>('idNumber', t('staff.idNumber'), {
      editable: (r) => !r.idMasked,
      insertable: true,
      schema: shape.idNumber,
      width: 178,
      colDef: { headerTooltip: canPii ? undefined : t('staff.idMaskedHint') },
    }),
    enumColumn<StaffRow, string>('sex', t('staff.sex'), SEXES as readonly string[], (v) => v, { editable: true, schema: shape.sex, width: 64, pinyin: false, alsoAccept: (v) => (v === '男' ? ['m', 'male'] : ['f', 'female']) }),
    dateColumn<StaffRow>('birthDate', t('staff.birthDate'), { editable: true, schema: shape.birthDate, width: 106 }),
    textColumn<StaffRow>('education', t('staff.education'), { editable: true, schema: shape.education, width: 90, minWidth: 70 }),
    textColumn<StaffRow>('title', t('staff.proTitle'), { editable: true, schema: shape.title, width: 120 }),
    textColumn<StaffRow>('qualification', t('staff.qualification'), { editable: true, schema: shape.qualification, width: 130 }),
    enumColumn<StaffRow, string>('staffingType', t('staff.staffingType'), STAFFING_TYPES, (v) => v, { editable: true, schema: shape.staffingType, width: 92 }),
    unitCol('employingUnitCode', t('staff.employingUnit'), true),
    unitCol('workingUnitCode', t('staff.workingUnit'), true),
    textColumn<StaffRow>('arrangement', t('staff.arrangement'), { editable: false, width: 96, minWidth: 80, colDef: { cellClass: 'staff-arrangement' } }),
    textColumn<StaffRow>('current', t('staff.current'), {
      editable: false,
      width: 260,
      format: (v) => currentPostText(v as CurrentPost[] | null, unitLabel),
      colDef: { comparator: (a: CurrentPost[] | null, b: CurrentPost[] | null) => currentPostText(a).localeCompare(currentPostText(b), 'zh-CN') },
    }),
    dateColumn<StaffRow>('joinedOn', t('staff.joinedOn'), { editable: true, schema: shape.joinedOn, width: 106 }),
    dateColumn<StaffRow>('leftOn', t('staff.leftOn'), { editable: true, schema: shape.leftOn, width: 106 }),
    textColumn<StaffRow>('remarks', t('staff.remarks'), { editable: true, schema: shape.remarks, width: 160 }),
  ];
}

export function StaffScreen() {
  const { t } = useT();
  const session = useSession();
  const canEdit = session.can('staff.write');
  const canPii = session.can('staff.pii');
  const grid = useRef<LedgerGridHandle<StaffRow>>(null);
  const units = useUnits();
  const [unit, setUnit] = useState('');
  const [includeLeft, setIncludeLeft] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [open, setOpen] = useState<StaffRow | null>(null);
  const [selected, setSelected] = useState<StaffRow | null>(null);

  const load = useCallback(() => send('staff.list', { unitCode: unit || undefined, includeLeft }), [unit, includeLeft]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const columns = useMemo(() => staffColumns(t, units, canPii), [t, units, canPii]);
  const headers = useMemo(() => Object.fromEntries(columns.map((c) => [c.field, c.header])), [columns]);
  const batch = useCallback((ops: BatchOp[]) => send('staff.batch', { ops: ops as never }), []);
  const defaults = useCallback(() => ({ staffingType: '在编', ...(unit ? { employingUnitCode: unit } : {}) }), [unit]);

  return (
    <div className="screen" data-testid="staff-screen">
      <ScreenHeader title={t('staff.title')} crumbs={`${t('nav.posts')} › ${t('staff.title')}`}>
        {!canPii && <span className="posts-note" data-testid="staff-masked-note">{t('staff.idMaskedHint')}</span>}
      </ScreenHeader>
      <LedgerGrid<StaffRow>
        ref={grid}
        testId="grid-staff"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={batch}
        allowInsert
        newRowDefaults={defaults}
        reload={reload}
        selectable
        onSelect={setSelected}
        onRowOpen={setOpen}
        toolbar={
          <>
            <UnitFilter testId="staff-unit-filter" label={t('staff.unitFilter')} allLabel={t('posts.allUnits')} units={units} value={unit} onChange={setUnit} />
            <label className="checkbox">
              <input type="checkbox" data-testid="staff-include-left" checked={includeLeft} onChange={(e) => setIncludeLeft(e.target.checked)} />
              {t('staff.includeLeft')}
            </label>
          </>
        }
        actions={
          <>
            <button type="button" className="btn" data-testid="staff-open" disabled={!selected} onClick={() => selected && setOpen(selected)}>
              {t('staff.history')}
            </button>
            {canEdit && (
              <ImportButton
                run={(args) => send('staff.import', args)}
                what={t('staff.what')}
                headers={headers}
                onImported={(res) => {
                  if (res.batchId) grid.current?.pushUndo(res.batchId);
                  reload()
                    .then(() => grid.current?.notify(t('import.done', { n: res.imported, id: res.batchId ?? '' }), 'success'))
                    .catch((err: unknown) => grid.current?.showError(err));
                }}
              />
            )}
            <button type="button" className="btn" data-testid="export-button" disabled={exporting} onClick={() => void runExport(setExporting, grid.current, () => send('staff.export', { unitCode: unit || undefined }), t)}>
              ⇩ {t('grid.export')}
            </button>
          </>
        }
      />
      {open && <StaffDialog staffNo={open.staffNo} onClose={() => setOpen(null)} />}
    </div>
  );
}

/** A person with every appointment they held (history is never overwritten: ended records stay). */
export function StaffDialog({ staffNo, onClose }: { staffNo: string; onClose: () => void }) {
  const { t, lang } = useT();
  const [detail, setDetail] = useState<StaffDetail | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    send('staff.get', { staffNo }).then(setDetail, (e: unknown) => setErr(errorText(asLedgerError(e), lang)));
  }, [staffNo, lang]);
  const d = detail;
  return (
    <Dialog title={`${t('staff.person')} ${staffNo}${d ? ` ${d.name}` : ''}`} onClose={onClose} testId="staff-dialog" wide>
      {err && <div className="form-error">{err}</div>}
      {d && (
        <>
          <dl className="posts-facts">
            <dt>{t('staff.idNumber')}</dt>
            <dd className="mono">{d.idNumber ?? '—'}</dd>
            <dt>{t('staff.sex')}</dt>
            <dd>{d.sex ?? '—'}</dd>
            <dt>{t('staff.birthDate')}</dt>
            <dd>{d.birthDate ?? '—'}</dd>
            <dt>{t('staff.proTitle')}</dt>
            <dd>{d.title ?? '—'}</dd>
            <dt>{t('staff.staffingType')}</dt>
            <dd>{d.staffingType}</dd>
            <dt>{t('staff.employingUnit')}</dt>
            <dd>{d.employingUnitName}</dd>
            <dt>{t('staff.workingUnit')}</dt>
            <dd>
              {d.workingUnitName}
              {d.arrangement ? <span className="posts-tag">{d.arrangement}</span> : null}
            </dd>
          </dl>
          <h3 className="posts-h3">{t('staff.appointments')}</h3>
          <table className="data-table" data-testid="staff-history">
            <thead>
              <tr>
                <th>{t('posts.appt.unit')}</th>
                <th>{t('posts.appt.post')}</th>
                <th>{t('posts.appt.postName')}</th>
                <th>{t('posts.appt.basis')}</th>
                <th>{t('posts.appt.term')}</th>
                <th>{t('posts.appt.filingNo')}</th>
                <th>{t('posts.appt.ended')}</th>
              </tr>
            </thead>
            <tbody>
              {d.appointments.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('staff.noAppointments')}
                  </td>
                </tr>
              )}
              {d.appointments.map((a) => (
                <tr key={a.id} className={a.endedOn ? 'posts-ended' : undefined}>
                  <td>{a.unitName}</td>
                  <td>{a.gradeLabel}</td>
                  <td>{a.postName ?? ''}</td>
                  <td>
                    {a.basis}
                    {a.roundNo ? ` ${a.roundNo}` : ''}
                    {a.overrideReason ? <span className="posts-tag posts-tag-red">{t('posts.appt.overridden')}</span> : null}
                  </td>
                  <td>
                    {a.termStart} – {a.termEnd ?? ''}
                  </td>
                  <td>{a.filingNo ?? ''}</td>
                  <td>{a.endedOn ? `${a.endedOn} ${a.endReason ?? ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
