// 聘用 and 突破记录: appointments (current, or with the ended ones: the history), new appointment,
// end an appointment, a person's history; and the list of appointments made past a cap.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppointmentRow } from '../../../shared/api/posts';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateColumn, dateTimeColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { StaffDialog } from '../staff/StaffScreen';
import { useLoader } from '../useLoader';
import { AppointForm, EndForm } from './AppointForm';
import { UnitFilter } from '../../components/UnitFilter';
import { useStaff, useUnits } from './common';

function appointmentColumns(t: (k: string) => string): GridColumn<AppointmentRow>[] {
  return [
    codeColumn<AppointmentRow>('staffNo', t('staff.staffNo'), { width: 104, colDef: { pinned: 'left' } }),
    textColumn<AppointmentRow>('staffName', t('staff.name'), { width: 90, minWidth: 80, colDef: { pinned: 'left' } }),
    textColumn<AppointmentRow>('unitName', t('posts.appt.unit'), { width: 170 }),
    textColumn<AppointmentRow>('category', t('posts.appt.category'), { width: 90, minWidth: 80 }),
    textColumn<AppointmentRow>('gradeLabel', t('posts.appt.grade'), { width: 150 }),
    textColumn<AppointmentRow>('band', t('posts.appt.band'), { width: 90, minWidth: 80 }),
    textColumn<AppointmentRow>('postName', t('posts.appt.postName'), { width: 120 }),
    textColumn<AppointmentRow>('basis', t('posts.appt.basis'), { width: 90, minWidth: 80 }),
    codeColumn<AppointmentRow>('roundNo', t('posts.appt.roundNo'), { width: 110 }),
    intColumn<AppointmentRow>('rank', t('posts.appt.rank'), { width: 70 }),
    dateColumn<AppointmentRow>('termStart', t('posts.appt.termStart')),
    dateColumn<AppointmentRow>('termEnd', t('posts.appt.termEnd')),
    codeColumn<AppointmentRow>('filingNo', t('posts.appt.filingNo'), { width: 130 }),
    codeColumn<AppointmentRow>('contractNo', t('posts.appt.contractNo'), { width: 130 }),
    textColumn<AppointmentRow>('overrideReason', t('posts.appt.overrideReason'), { width: 180, colDef: { cellClass: 'posts-cell-override' } }),
    dateColumn<AppointmentRow>('endedOn', t('posts.appt.ended')),
    textColumn<AppointmentRow>('endReason', t('posts.appt.endReason'), { width: 150 }),
  ];
}

export function AppointmentsTab() {
  const { t } = useT();
  const session = useSession();
  const canManage = session.can('posts.manage');
  const units = useUnits();
  const staff = useStaff();
  const grid = useRef<LedgerGridHandle<AppointmentRow>>(null);
  const [unit, setUnit] = useState('');
  const [includeEnded, setIncludeEnded] = useState(false);
  const [selected, setSelected] = useState<AppointmentRow | null>(null);
  const [form, setForm] = useState<'new' | 'end' | 'history' | null>(null);
  const load = useCallback(() => send('posts.appointments', { unitCode: unit || undefined, includeEnded }), [unit, includeEnded]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  const columns = useMemo(() => appointmentColumns(t), [t]);

  return (
    <>
      <LedgerGrid<AppointmentRow>
        ref={grid}
        testId="grid-appointments"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        reload={reload}
        selectable
        onSelect={setSelected}
        onRowOpen={(r) => {
          setSelected(r);
          setForm('history');
        }}
        toolbar={
          <>
            <UnitFilter testId="appt-unit-filter" label={t('posts.unit')} allLabel={t('posts.allUnits')} units={units} value={unit} onChange={setUnit} />
            <label className="checkbox">
              <input type="checkbox" data-testid="appt-include-ended" checked={includeEnded} onChange={(e) => setIncludeEnded(e.target.checked)} />
              {t('posts.appt.includeEnded')}
            </label>
          </>
        }
        actions={
          <>
            <button type="button" className="btn" data-testid="appt-history" disabled={!selected} onClick={() => setForm('history')}>
              {t('staff.history')}
            </button>
            {canManage && (
              <>
                <button type="button" className="btn" data-testid="appt-end" disabled={!selected || !!selected.endedOn} onClick={() => setForm('end')}>
                  {t('posts.appt.end')}
                </button>
                <button type="button" className="btn btn-primary" data-testid="appt-new" onClick={() => setForm('new')}>
                  ＋ {t('posts.appt.new')}
                </button>
              </>
            )}
          </>
        }
      />
      {form === 'new' && (
        <AppointForm
          units={units}
          staff={staff}
          defaults={{ unitCode: unit || undefined }}
          onClose={() => setForm(null)}
          onDone={(r) => {
            setForm(null);
            reload()
              .then(() => grid.current?.notify(t(r.overrideReason ? 'posts.appt.doneOverride' : 'posts.appt.done', { name: r.staffName, post: r.gradeLabel, unit: r.unitName }), 'success'))
              .catch((e: unknown) => grid.current?.showError(e));
          }}
        />
      )}
      {form === 'end' && selected && (
        <EndForm
          id={selected.id}
          who={`${selected.staffName} ${selected.gradeLabel}`}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            reload()
              .then(() => grid.current?.notify(t('posts.appt.endedDone', { name: selected.staffName }), 'success'))
              .catch((e: unknown) => grid.current?.showError(e));
          }}
        />
      )}
      {form === 'history' && selected && <StaffDialog staffNo={selected.staffNo} onClose={() => setForm(null)} />}
    </>
  );
}

type OverrideRow = AppointmentRow & { breachText: string };

/** Appointments made past a quota or cap: who, where, which rules, the reason, by whom and when. */
export function OverridesTab() {
  const { t } = useT();
  const load = useCallback(
    async (): Promise<OverrideRow[]> =>
      (await send('posts.overrides', {})).map((r) => ({
        ...r,
        breachText: (r.overriddenBreaches ?? []).map((b) => t('posts.appt.breachLine', { label: b.label, current: b.current, limit: b.limit })).join('；'),
      })),
    [t],
  );
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  const columns = useMemo<GridColumn<OverrideRow>[]>(
    () => [
      dateTimeColumn<OverrideRow>('createdAt', t('posts.overrides.at')),
      textColumn<OverrideRow>('createdBy', t('posts.overrides.by'), { width: 110 }),
      codeColumn<OverrideRow>('staffNo', t('staff.staffNo'), { width: 104 }),
      textColumn<OverrideRow>('staffName', t('staff.name'), { width: 90, minWidth: 80 }),
      textColumn<OverrideRow>('unitName', t('posts.appt.unit'), { width: 160 }),
      textColumn<OverrideRow>('gradeLabel', t('posts.appt.grade'), { width: 140 }),
      textColumn<OverrideRow>('breachText', t('posts.overrides.breaches'), { flex: 2, minWidth: 300, colDef: { cellClass: 'posts-cell-override' } }),
      textColumn<OverrideRow>('overrideReason', t('posts.appt.overrideReason'), { flex: 1, minWidth: 200 }),
      dateColumn<OverrideRow>('endedOn', t('posts.appt.ended')),
    ],
    [t],
  );
  return <LedgerGrid<OverrideRow> testId="grid-overrides" columns={columns} rows={rows} loadError={error} canEdit={false} reload={reload} />;
}
