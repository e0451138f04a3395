// 聘用: appoint a person to a post (category, grade, post name) in a unit, on a basis, with the term,
// 备案号 and 合同号. While the form is filled in, `posts.check` says whether the post fits the
// quotas and caps; `posts.appoint` refuses one that does not (CAP_EXCEEDED: rule, current, limit)
// and a role with posts.override may repeat it with a written reason.
import { useEffect, useMemo, useState } from 'react';
import { POST_BASES, type AppointResult, type CapCheck } from '../../../shared/api/posts';
import type { StaffRow } from '../../../shared/api/staff';
import type { UnitRow } from '../../../shared/api/types';
import { POST_NAMES, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { asLedgerError, send } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { errorText, useT, vmsg } from '../../i18n';
import { POST_CATEGORIES, RefusalPanel, gradeFromValue, gradeOptions, postNamesFor, refusalOf, today, type Refusal, PostUnitSelect } from './common';

export interface AppointDefaults {
  staffNo?: string;
  unitCode?: string;
  category?: PostCategory;
  grade?: string;
}

export function AppointForm({ units, staff, defaults, onClose, onDone }: { units: UnitRow[]; staff: StaffRow[]; defaults?: AppointDefaults; onClose: () => void; onDone: (r: AppointResult) => void }) {
  const { t, lang } = useT();
  const [staffNo, setStaffNo] = useState(defaults?.staffNo ?? '');
  const [unitCode, setUnitCode] = useState(defaults?.unitCode ?? '');
  const [category, setCategory] = useState<PostCategory>(defaults?.category ?? '专业技术');
  const [grade, setGrade] = useState(defaults?.grade ?? '12');
  const [postName, setPostName] = useState('');
  const [basis, setBasis] = useState<(typeof POST_BASES)[number]>('直接聘任');
  const [roundNo, setRoundNo] = useState('');
  const [score, setScore] = useState('');
  const [rank, setRank] = useState('');
  const [termStart, setTermStart] = useState(today());
  const [termEnd, setTermEnd] = useState('');
  const [filingNo, setFilingNo] = useState('');
  const [contractNo, setContractNo] = useState('');
  const [check, setCheck] = useState<CapCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; fields: Record<string, string> } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const person = useMemo(() => staff.find((s) => s.staffNo === staffNo.trim()) ?? null, [staff, staffNo]);
  // The person's working unit is the usual choice.
  useEffect(() => {
    if (person && !unitCode) setUnitCode(person.workingUnitCode);
  }, [person, unitCode]);
  const grades = useMemo(() => gradeOptions(category), [category]);
  useEffect(() => {
    if (!grades.some((g) => g.value === grade)) setGrade(grades[grades.length - 1]?.value ?? '');
  }, [grades, grade]);
  const names = postNamesFor(category, gradeFromValue(grade), POST_NAMES);

  // Instant feedback: would this post fit?
  useEffect(() => {
    setRefusal(null);
    if (!person || !unitCode) {
      setCheck(null);
      return;
    }
    let live = true;
    const h = setTimeout(() => {
      send('posts.check', { staffNo: person.staffNo, unitCode, category, grade: gradeFromValue(grade) }).then(
        (c) => live && setCheck(c),
        () => live && setCheck(null),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [person, unitCode, category, grade]);

  const submit = async (override?: string) => {
    setBusy(true);
    setError(null);
    try {
      const res = await send('posts.appoint', {
        staffNo: staffNo.trim(),
        unitCode,
        category,
        grade: gradeFromValue(grade),
        postName: postName || null,
        basis,
        ...(basis === '竞聘' && roundNo.trim() ? { roundNo: roundNo.trim() } : {}),
        ...(score.trim() ? { score: Number(score) } : {}),
        ...(rank.trim() ? { rank: Number(rank) } : {}),
        termStart,
        termEnd: termEnd || null,
        filingNo: filingNo || null,
        contractNo: contractNo || null,
        ...(override ? { override } : {}),
      });
      onDone(res);
    } catch (err) {
      const le = asLedgerError(err);
      const text = errorText(le, lang);
      const r = refusalOf(le, text);
      if (r) setRefusal(r);
      else {
        const fields: Record<string, string> = {};
        for (const d of le.details ?? []) if (d.field) fields[d.field] = vmsg(d.message, lang);
        setError({ text, fields });
      }
    } finally {
      setBusy(false);
    }
  };

  const fe = (f: string) => error?.fields[f];
  return (
    <Dialog
      title={t('posts.appt.new')}
      onClose={onClose}
      testId="appt-form"
      wide
      footer={
        <>
          <div className="toolbar-spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="appt-submit" disabled={busy || !staffNo.trim() || !unitCode || !!refusal} onClick={() => void submit()}>
            {t('posts.appt.submit')}
          </button>
        </>
      }
    >
      <div className="posts-form-grid">
        <div className={`field${fe('staffNo') ? ' field-invalid' : ''}`}>
          <label htmlFor="appt-staff">{t('posts.appt.staff')}</label>
          <input id="appt-staff" data-testid="appt-staff" list="appt-staff-list" value={staffNo} onChange={(e) => setStaffNo(e.target.value)} placeholder={t('posts.appt.staffHint')} autoComplete="off" />
          <datalist id="appt-staff-list">
            {staff.slice(0, 5000).map((s) => (
              <option key={s.id} value={s.staffNo}>
                {s.name} · {s.workingUnitName}
              </option>
            ))}
          </datalist>
          {fe('staffNo') ? (
            <div className="field-error">{fe('staffNo')}</div>
          ) : (
            <div className="field-hint" data-testid="appt-person">
              {person ? `${person.name} · ${person.title ?? ''} · ${person.workingUnitName}${person.current.length ? ` · ${t('posts.appt.holds')} ${person.current.map((c) => c.gradeLabel).join('、')}` : ''}` : ''}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="appt-unit">{t('posts.appt.unit')}</label>
          <PostUnitSelect id="appt-unit" units={units} value={unitCode} onChange={setUnitCode} />
        </div>
        <div className="field">
          <label htmlFor="appt-category">{t('posts.appt.category')}</label>
          <select id="appt-category" data-testid="appt-category" value={category} onChange={(e) => setCategory(e.target.value as PostCategory)}>
            {POST_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`posts.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${fe('grade') ? ' field-invalid' : ''}`}>
          <label htmlFor="appt-grade">{t('posts.appt.grade')}</label>
          <select id="appt-grade" data-testid="appt-grade" value={grade} onChange={(e) => setGrade(e.target.value)}>
            {grades.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
          {fe('grade') && <div className="field-error">{fe('grade')}</div>}
        </div>
        <div className="field">
          <label htmlFor="appt-postname">{t('posts.appt.postName')}</label>
          <input id="appt-postname" data-testid="appt-postname" list="appt-postname-list" value={postName} onChange={(e) => setPostName(e.target.value)} />
          <datalist id="appt-postname-list">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="appt-basis">{t('posts.appt.basis')}</label>
          <select id="appt-basis" data-testid="appt-basis" value={basis} onChange={(e) => setBasis(e.target.value as (typeof POST_BASES)[number])}>
            {POST_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`posts.bases.${b}`)}
              </option>
            ))}
          </select>
        </div>
        {basis === '竞聘' && (
          <>
            <div className="field">
              <label htmlFor="appt-round">{t('posts.appt.roundNo')}</label>
              <input id="appt-round" data-testid="appt-round" value={roundNo} onChange={(e) => setRoundNo(e.target.value)} />
            </div>
            <div className="field posts-field-pair">
              <div>
                <label htmlFor="appt-score">{t('posts.appt.score')}</label>
                <input id="appt-score" data-testid="appt-score" inputMode="decimal" value={score} onChange={(e) => setScore(e.target.value)} />
              </div>
              <div>
                <label htmlFor="appt-rank">{t('posts.appt.rank')}</label>
                <input id="appt-rank" data-testid="appt-rank" inputMode="numeric" value={rank} onChange={(e) => setRank(e.target.value)} />
              </div>
            </div>
          </>
        )}
        <div className={`field${fe('termStart') ? ' field-invalid' : ''}`}>
          <label htmlFor="appt-term-start">{t('posts.appt.termStart')}</label>
          <input id="appt-term-start" type="date" data-testid="appt-term-start" value={termStart} onChange={(e) => setTermStart(e.target.value)} />
          {fe('termStart') && <div className="field-error">{fe('termStart')}</div>}
        </div>
        <div className={`field${fe('termEnd') ? ' field-invalid' : ''}`}>
          <label htmlFor="appt-term-end">{t('posts.appt.termEnd')}</label>
          <input id="appt-term-end" type="date" data-testid="appt-term-end" value={termEnd} onChange={(e) => setTermEnd(e.target.value)} />
          {fe('termEnd') && <div className="field-error">{fe('termEnd')}</div>}
        </div>
        <div className="field">
          <label htmlFor="appt-filing">{t('posts.appt.filingNo')}</label>
          <input id="appt-filing" data-testid="appt-filing" value={filingNo} onChange={(e) => setFilingNo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="appt-contract">{t('posts.appt.contractNo')}</label>
          <input id="appt-contract" data-testid="appt-contract" value={contractNo} onChange={(e) => setContractNo(e.target.value)} />
        </div>
      </div>
      {check && !refusal && (
        <div className={`posts-check ${check.ok ? 'posts-check-ok' : 'posts-check-bad'}`} data-testid="appt-check" data-ok={check.ok}>
          {check.ok ? `✓ ${t('posts.appt.checkOk')}` : `⚠ ${t('posts.appt.checkBad', { n: check.breaches.length })}`}
          {!check.ok && (
            <ul>
              {check.breaches.map((b) => (
                <li key={b.rule}>{t('posts.appt.breachLine', { label: b.label, current: b.current, limit: b.limit })}</li>
              ))}
            </ul>
          )}
          {check.countedOnce && <div className="posts-note">{t('posts.appt.countedOnce')}</div>}
          {check.supersedes.length > 0 && <div className="posts-note">{t('posts.appt.supersedes')}</div>}
        </div>
      )}
      {refusal && <RefusalPanel refusal={refusal} busy={busy} onOverride={(reason) => void submit(reason)} />}
      {error && (
        <div className="form-error" data-testid="appt-error">
          {error.text}
        </div>
      )}
    </Dialog>
  );
}

/** End an appointment (解聘, 调出, 退休, 聘期届满): the record stays. */
export function EndForm({ id, who, onClose, onDone }: { id: string; who: string; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useT();
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('聘期届满');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('posts.end', { id, date, reason });
      onDone();
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`${t('posts.appt.end')} · ${who}`}
      onClose={onClose}
      testId="appt-end-form"
      footer={
        <>
          <div className="toolbar-spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="appt-end-submit" disabled={busy || !reason.trim()} onClick={() => void submit()}>
            {t('posts.appt.end')}
          </button>
        </>
      }
    >
      <div className="form">
        <div className="field">
          <label htmlFor="end-date">{t('posts.appt.endDate')}</label>
          <input id="end-date" type="date" data-testid="appt-end-date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="end-reason">{t('posts.appt.endReason')}</label>
          <input id="end-reason" data-testid="appt-end-reason" list="end-reasons" value={reason} onChange={(e) => setReason(e.target.value)} />
          <datalist id="end-reasons">
            {['聘期届满', '解聘', '调出', '退休', '辞职', '转岗'].map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </div>
        <div className="posts-note">{t('posts.appt.endHint')}</div>
        {error && (
          <div className="form-error" data-testid="appt-end-error">
            {error}
          </div>
        )}
      </div>
    </Dialog>
  );
}
