// Pieces shared by the 岗位 tabs: unit and staff lookups, grade choices per category, and the
// refusal panel of an appointment past a quota or cap (the breached rule, the current count and
// the limit, with override-with-reason for roles that have posts.override).
import { useEffect, useState } from 'react';
import type { StaffRow } from '../../../shared/api/staff';
import type { UnitRow } from '../../../shared/api/types';
import { BANDS, POST_CATEGORIES, bandOf, gradeLabel, type Grade, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { useT } from '../../i18n';
import type { Refusal } from './helpers';

export { gradesText, parseGrades, refusalOf, type Refusal } from './helpers';

export { POST_CATEGORIES };
export { useUnits } from '../../components/UnitFilter';

/** A unit that holds posts (village clinics have none of their own), as `code name` options. */
export function PostUnitSelect({ id, units, value, onChange }: { id: string; units: UnitRow[]; value: string; onChange: (code: string) => void }) {
  return (
    <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {units
        .filter((u) => u.type !== '村卫生室')
        .map((u) => (
          <option key={u.code} value={u.code}>
            {u.code} {u.name}
          </option>
        ))}
    </select>
  );
}

/** People in scope (for the 工号 choices of forms). */
export function useStaff(): StaffRow[] {
  const [staff, setStaff] = useState<StaffRow[]>([]);
  useEffect(() => {
    send('staff.list', {}).then(setStaff, () => undefined);
  }, []);
  return staff;
}

/** Grades of a category, highest first, as select options ('' = 普通工 for 工勤). */
export function gradeOptions(category: PostCategory): { value: string; label: string }[] {
  return BANDS.filter((b) => b.category === category).flatMap((b) => b.grades.map((g) => ({ value: g === null ? '' : String(g), label: `${gradeLabel(category, g)}（${b.band}）` })));
}

export function gradeFromValue(v: string): Grade {
  return v === '' ? null : Number(v);
}

/** Suggested post names for a grade (a post name is free text). */
export function postNamesFor(category: PostCategory, grade: Grade, names: Record<string, readonly string[]>): readonly string[] {
  const b = bandOf(category, grade);
  return b ? (names[b.band] ?? []) : [];
}

/**
 * The refusal of an appointment past a cap. With posts.override: a written reason and a button that
 * repeats the appointment with it (audited and listed under 突破记录); without: why it cannot.
 */
export function RefusalPanel({ refusal, busy, onOverride, testId = 'appt-refusal' }: { refusal: Refusal; busy: boolean; onOverride: (reason: string) => void; testId?: string }) {
  const { t } = useT();
  const session = useSession();
  const canOverride = session.can('posts.override');
  const [reason, setReason] = useState('');
  return (
    <div className="posts-refusal" data-testid={testId} role="alert">
      <div className="posts-refusal-title">{t('posts.refusal.title')}</div>
      <div className="posts-refusal-text">{refusal.text.replace(/。?如确需突破.*$/, '。')}</div>
      <table className="data-table posts-refusal-table">
        <thead>
          <tr>
            <th>{t('posts.refusal.rule')}</th>
            <th className="num">{t('posts.refusal.current')}</th>
            <th className="num">{t('posts.refusal.after')}</th>
            <th className="num">{t('posts.refusal.limit')}</th>
          </tr>
        </thead>
        <tbody>
          {refusal.breaches.map((b, i) => (
            <tr key={i} data-testid={`${testId}-row`} data-rule={b.rule}>
              <td>
                {b.label}
                <span className="posts-rule-id">{b.rule}</span>
              </td>
              <td className="num" data-testid={`${testId}-current`}>
                {b.current}
              </td>
              <td className="num posts-over">{b.current + 1}</td>
              <td className="num" data-testid={`${testId}-limit`}>
                {b.limit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canOverride ? (
        <div className="posts-override">
          <label htmlFor={`${testId}-reason`}>{t('posts.refusal.reason')}</label>
          <textarea id={`${testId}-reason`} data-testid={`${testId}-reason`} rows={2} value={reason} placeholder={t('posts.refusal.reasonHint')} onChange={(e) => setReason(e.target.value)} />
          <button type="button" className="btn btn-danger" data-testid={`${testId}-override`} disabled={busy || reason.trim().length < 2} onClick={() => onOverride(reason.trim())}>
            {t('posts.refusal.override')}
          </button>
        </div>
      ) : (
        <div className="posts-note">{t('posts.refusal.noRight')}</div>
      )}
    </div>
  );
}

/** Tabs of a screen (the 调剂共享 look). */
export function Tabs<K extends string>({ tabs, value, onChange, label, prefix }: { tabs: readonly K[]; value: K; onChange: (k: K) => void; label: (k: K) => string; prefix: string }) {
  return (
    <div className="posts-tabs" role="tablist">
      {tabs.map((k) => (
        <button key={k} type="button" role="tab" aria-selected={value === k} className={`posts-tab${value === k ? ' active' : ''}`} data-testid={`${prefix}-${k}`} onClick={() => onChange(k)}>
          {label(k)}
        </button>
      ))}
    </div>
  );
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
