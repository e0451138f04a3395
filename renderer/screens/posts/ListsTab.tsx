// 聘期到期 (the renewal list: active appointments whose term ends within N days) and 县管乡用 (people
// whose working unit differs from their employing unit: 县管乡用, 乡聘村用, other secondments).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExpiringRow, SecondmentRow } from '../../../shared/api/posts';
import { send } from '../../api/client';
import { codeColumn, dateColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { useLoader } from '../useLoader';
import { today } from './common';

export function ExpiringTab() {
  const { t } = useT();
  const [days, setDays] = useState(90);
  const [asOf, setAsOf] = useState(today());
  const load = useCallback(() => send('posts.expiring', { days, asOf: asOf || undefined }), [days, asOf]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  const columns = useMemo<GridColumn<ExpiringRow>[]>(
    () => [
      intColumn<ExpiringRow>('daysLeft', t('posts.expiring.daysLeft'), { width: 90, colDef: { pinned: 'left', cellClassRules: { 'posts-cell-soon': (p) => (p.value as number) <= 30 } } }),
      dateColumn<ExpiringRow>('termEnd', t('posts.appt.termEnd')),
      codeColumn<ExpiringRow>('staffNo', t('staff.staffNo'), { width: 104 }),
      textColumn<ExpiringRow>('staffName', t('staff.name'), { width: 90, minWidth: 80 }),
      textColumn<ExpiringRow>('unitName', t('posts.appt.unit'), { width: 180 }),
      textColumn<ExpiringRow>('gradeLabel', t('posts.appt.grade'), { width: 150 }),
      textColumn<ExpiringRow>('postName', t('posts.appt.postName'), { width: 120 }),
      dateColumn<ExpiringRow>('termStart', t('posts.appt.termStart')),
      codeColumn<ExpiringRow>('filingNo', t('posts.appt.filingNo'), { width: 130 }),
      codeColumn<ExpiringRow>('contractNo', t('posts.appt.contractNo'), { width: 130, flex: 1 }),
    ],
    [t],
  );
  return (
    <LedgerGrid<ExpiringRow>
      testId="grid-expiring"
      columns={columns}
      rows={rows}
      loadError={error}
      canEdit={false}
      reload={reload}
      toolbar={
        <>
          <label className="toolbar-field">
            {t('posts.expiring.within')}
            <select data-testid="expiring-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[30, 60, 90, 180, 365].map((d) => (
                <option key={d} value={d}>
                  {t('posts.expiring.days', { n: d })}
                </option>
              ))}
            </select>
          </label>
          <label className="toolbar-field">
            {t('posts.expiring.asOf')}
            <input type="date" className="posts-in" data-testid="expiring-as-of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          </label>
        </>
      }
    />
  );
}

type SecondmentGridRow = SecondmentRow & { id: string; currentText: string };

export function SecondmentsTab() {
  const { t } = useT();
  const [kind, setKind] = useState<'' | SecondmentRow['arrangement']>('县管乡用');
  const load = useCallback(
    async (): Promise<SecondmentGridRow[]> =>
      (await send('posts.secondments', kind ? { arrangement: kind } : {})).map((r) => ({
        ...r,
        id: r.staffNo,
        currentText: r.current.map((c) => [c.gradeLabel, c.postName].filter(Boolean).join(' · ')).join('；'),
      })),
    [kind],
  );
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  const columns = useMemo<GridColumn<SecondmentGridRow>[]>(
    () => [
      codeColumn<SecondmentGridRow>('staffNo', t('staff.staffNo'), { width: 104 }),
      textColumn<SecondmentGridRow>('name', t('staff.name'), { width: 90, minWidth: 80 }),
      textColumn<SecondmentGridRow>('arrangement', t('staff.arrangement'), { width: 100 }),
      textColumn<SecondmentGridRow>('employingUnitName', t('staff.employingUnit'), { width: 180 }),
      textColumn<SecondmentGridRow>('workingUnitName', t('staff.workingUnit'), { width: 180 }),
      textColumn<SecondmentGridRow>('staffingType', t('staff.staffingType'), { width: 92 }),
      textColumn<SecondmentGridRow>('title', t('staff.proTitle'), { width: 120 }),
      textColumn<SecondmentGridRow>('currentText', t('staff.current'), { flex: 1, minWidth: 200 }),
    ],
    [t],
  );
  return (
    <LedgerGrid<SecondmentGridRow>
      testId="grid-secondments"
      columns={columns}
      rows={rows}
      loadError={error}
      canEdit={false}
      reload={reload}
      toolbar={
        <label className="toolbar-field">
          {t('staff.arrangement')}
          <select data-testid="secondments-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">{t('common.all')}</option>
            {(['县管乡用', '乡聘村用', '借调'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`posts.arrangements.${k}`)}
              </option>
            ))}
          </select>
        </label>
      }
    />
  );
}
