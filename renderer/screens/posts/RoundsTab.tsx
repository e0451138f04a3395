// 竞聘: competition rounds — posts offered (category, grade, post name, places), applicants and their
// scores, the ranking (ties share a rank; the top `places` win), and "turn results into
// appointments" in one step, each appointment still checked against the caps (a refusal lists every
// breach; a role with posts.override may finalise with a written reason).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RoundRow } from '../../../shared/api/posts';
import type { UnitRow } from '../../../shared/api/types';
import { POST_NAMES, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { Dialog } from '../../components/Dialog';
import { errorText, useT, vmsg } from '../../i18n';
import { POST_CATEGORIES, RefusalPanel, gradeFromValue, gradeOptions, postNamesFor, refusalOf, today, useStaff, useUnits, type Refusal, PostUnitSelect } from './common';

export function RoundsTab() {
  const { t, lang } = useT();
  const session = useSession();
  const canManage = session.can('posts.manage');
  const units = useUnits();
  const staff = useStaff();
  const [rounds, setRounds] = useState<RoundRow[] | null>(null);
  const [sel, setSel] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [err, setErr] = useState<string | null>(null);

  const reload = useCallback(
    async (pick?: string) => {
      try {
        const list = await send('posts.rounds.list', {});
        setRounds(list);
        setSel((cur) => pick ?? cur ?? list[list.length - 1]?.roundNo ?? null);
      } catch (e) {
        setErr(errorText(asLedgerError(e), lang));
      }
    },
    [lang],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const round = rounds?.find((r) => r.roundNo === sel) ?? null;
  const replace = (r: RoundRow) => setRounds((list) => (list ? list.map((x) => (x.roundNo === r.roundNo ? r : x)) : list));

  return (
    <div className="posts-split" data-testid="rounds">
      <div className="posts-side">
        {canManage && (
          <button type="button" className="btn btn-primary btn-block" data-testid="round-new" onClick={() => setCreating(true)}>
            ＋ {t('posts.rounds.new')}
          </button>
        )}
        {err && <div className="form-error">{err}</div>}
        <ul className="posts-list">
          {rounds?.length === 0 && <li className="muted posts-pad">{t('posts.rounds.none')}</li>}
          {rounds
            ?.slice()
            .reverse()
            .map((r) => (
              <li key={r.roundNo}>
                <button type="button" data-testid={`round-${r.roundNo}`} className={`posts-list-item${r.roundNo === sel ? ' active' : ''}`} onClick={() => setSel(r.roundNo)}>
                  <span className="posts-list-code">{r.roundNo}</span>
                  <span className={`posts-tag${r.status === 'finalised' ? ' posts-tag-green' : ''}`}>{t(`posts.rounds.status.${r.status}`)}</span>
                  <span className="posts-list-name">{r.name}</span>
                  <span className="posts-list-sub">
                    {r.unitName} · {r.heldOn}
                  </span>
                </button>
              </li>
            ))}
        </ul>
      </div>
      <div className="posts-panel posts-scroll">
        {round ? <RoundDetail key={round.roundNo} round={round} staff={staff} canManage={canManage} onChanged={replace} onFinalised={() => void reload(round.roundNo)} /> : <div className="muted">{t('posts.rounds.pick')}</div>}
      </div>
      {creating && (
        <CreateRoundForm
          units={units}
          onClose={() => setCreating(false)}
          onDone={(r) => {
            setCreating(false);
            void reload(r.roundNo);
          }}
        />
      )}
    </div>
  );
}

function RoundDetail({ round, staff, canManage, onChanged, onFinalised }: { round: RoundRow; staff: { staffNo: string; name: string; workingUnitName: string }[]; canManage: boolean; onChanged: (r: RoundRow) => void; onFinalised: () => void }) {
  const { t, lang } = useT();
  const open = round.status === 'open' && canManage;
  const [scores, setScores] = useState<Record<string, string>>({});
  const [addNo, setAddNo] = useState<Record<number, string>>({});
  const [addScore, setAddScore] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [termStart, setTermStart] = useState(today());
  const [termEnd, setTermEnd] = useState('');
  const [filingNo, setFilingNo] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const call = async (entries: { offer: number; staffNo: string; score?: number | null }[]) => {
    setBusy(true);
    setMsg(null);
    try {
      const r = await send('posts.rounds.score', { roundNo: round.roundNo, entries });
      onChanged(r);
    } catch (e) {
      const le = asLedgerError(e);
      setMsg({ kind: 'error', text: [errorText(le, lang), ...(le.details ?? []).map((d) => vmsg(d.message, lang))].join('；') });
    } finally {
      setBusy(false);
    }
  };

  const changed = Object.entries(scores).filter(([k, v]) => {
    const [seq, no] = k.split('|');
    const a = round.offers.find((o) => String(o.seq) === seq)?.applicants.find((x) => x.staffNo === no);
    return a && String(a.score ?? '') !== v.trim();
  });
  const badScore = changed.some(([, v]) => v.trim() !== '' && !/^\d+(\.\d{1,2})?$/.test(v.trim()));

  const finalise = async (override?: string) => {
    setBusy(true);
    setMsg(null);
    try {
      const r = await send('posts.rounds.finalise', { roundNo: round.roundNo, termStart, termEnd: termEnd || null, filingNo: filingNo || null, ...(override ? { override } : {}) });
      setRefusal(null);
      setMsg({ kind: 'ok', text: t('posts.rounds.finalised', { n: r.appointments.length }) });
      onFinalised();
    } catch (e) {
      const le = asLedgerError(e);
      const text = errorText(le, lang);
      const rf = refusalOf(le, text);
      if (rf) setRefusal(rf);
      else setMsg({ kind: 'error', text });
    } finally {
      setBusy(false);
    }
  };

  const winners = round.offers.reduce((n, o) => n + o.applicants.filter((a) => a.wins).length, 0);
  return (
    <div data-testid="round-detail" data-round={round.roundNo}>
      <div className="posts-round-head">
        <h3 className="posts-h3">
          {round.roundNo} · {round.name}
        </h3>
        <span className="muted">
          {round.unitName} · {t('posts.rounds.heldOn')} {round.heldOn}
        </span>
      </div>
      {round.offers.map((o) => (
        <section key={o.seq} className="posts-offer" data-testid="round-offer" data-seq={o.seq}>
          <div className="posts-offer-head">
            <b>
              {o.seq}. {o.gradeLabel}
            </b>
            {o.postName && <span>{o.postName}</span>}
            <span className="posts-tag">{t('posts.rounds.places', { n: o.places })}</span>
            <span className="muted">{t('posts.rounds.applicantsN', { n: o.applicants.length })}</span>
          </div>
          <table className="data-table posts-applicants">
            <thead>
              <tr>
                <th className="num">{t('posts.appt.rank')}</th>
                <th>{t('staff.staffNo')}</th>
                <th>{t('staff.name')}</th>
                <th className="num">{t('posts.appt.score')}</th>
                <th>{t('posts.rounds.result')}</th>
              </tr>
            </thead>
            <tbody>
              {o.applicants.map((a) => {
                const k = `${o.seq}|${a.staffNo}`;
                return (
                  <tr key={a.staffNo} className={a.wins ? 'posts-win' : undefined} data-testid="round-applicant" data-staff={a.staffNo} data-wins={a.wins}>
                    <td className="num">{a.rank ?? '—'}</td>
                    <td className="mono">{a.staffNo}</td>
                    <td>{a.name}</td>
                    <td className="num">
                      {open ? (
                        <input className="posts-in posts-in-n" data-testid="round-score" value={scores[k] ?? String(a.score ?? '')} onChange={(e) => setScores({ ...scores, [k]: e.target.value })} />
                      ) : (
                        (a.score ?? '—')
                      )}
                    </td>
                    <td>{a.wins ? `✓ ${t(round.status === 'open' ? 'posts.rounds.wins' : 'posts.rounds.appointed')}` : ''}</td>
                  </tr>
                );
              })}
              {open && (
                <tr className="posts-add-row">
                  <td />
                  <td colSpan={2}>
                    <input
                      className="posts-in"
                      list="round-staff-list"
                      data-testid="round-add-staff"
                      placeholder={t('posts.rounds.addApplicant')}
                      value={addNo[o.seq] ?? ''}
                      onChange={(e) => setAddNo({ ...addNo, [o.seq]: e.target.value })}
                    />
                  </td>
                  <td className="num">
                    <input className="posts-in posts-in-n" data-testid="round-add-score" value={addScore[o.seq] ?? ''} onChange={(e) => setAddScore({ ...addScore, [o.seq]: e.target.value })} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid="round-add"
                      disabled={busy || !(addNo[o.seq] ?? '').trim() || ((addScore[o.seq] ?? '').trim() !== '' && !/^\d+(\.\d{1,2})?$/.test((addScore[o.seq] ?? '').trim()))}
                      onClick={() => {
                        const s = (addScore[o.seq] ?? '').trim();
                        void call([{ offer: o.seq, staffNo: (addNo[o.seq] ?? '').trim(), score: s ? Number(s) : null }]).then(() => {
                          setAddNo({ ...addNo, [o.seq]: '' });
                          setAddScore({ ...addScore, [o.seq]: '' });
                        });
                      }}
                    >
                      {t('posts.rounds.add')}
                    </button>
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      ))}
      <datalist id="round-staff-list">
        {staff.slice(0, 5000).map((s) => (
          <option key={s.staffNo} value={s.staffNo}>
            {s.name} · {s.workingUnitName}
          </option>
        ))}
      </datalist>
      {open && (
        <>
          <div className="form-actions">
            <button
              type="button"
              className="btn"
              data-testid="round-save-scores"
              disabled={busy || changed.length === 0 || badScore}
              onClick={() =>
                void call(
                  changed.map(([k, v]) => {
                    const [seq, no] = k.split('|');
                    return { offer: Number(seq), staffNo: no!, score: v.trim() === '' ? null : Number(v) };
                  }),
                ).then(() => setScores({}))
              }
            >
              {t('posts.rounds.saveScores')}
              {changed.length ? `（${changed.length}）` : ''}
            </button>
            {badScore && <span className="field-error">{t('posts.rounds.badScore')}</span>}
          </div>
          <section className="posts-finalise" data-testid="round-finalise-form">
            <h3 className="posts-h3">{t('posts.rounds.finalise')}</h3>
            <div className="posts-note">{t('posts.rounds.finaliseHint', { n: winners })}</div>
            <div className="posts-form-grid">
              <div className="field">
                <label htmlFor="round-term-start">{t('posts.appt.termStart')}</label>
                <input id="round-term-start" type="date" data-testid="round-term-start" value={termStart} onChange={(e) => setTermStart(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="round-term-end">{t('posts.appt.termEnd')}</label>
                <input id="round-term-end" type="date" data-testid="round-term-end" value={termEnd} onChange={(e) => setTermEnd(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="round-filing">{t('posts.appt.filingNo')}</label>
                <input id="round-filing" data-testid="round-filing" value={filingNo} onChange={(e) => setFilingNo(e.target.value)} />
              </div>
            </div>
            {refusal ? (
              <RefusalPanel refusal={refusal} busy={busy} testId="round-refusal" onOverride={(reason) => void finalise(reason)} />
            ) : (
              <div className="form-actions">
                <div className="toolbar-spacer" />
                <button type="button" className="btn btn-primary" data-testid="round-finalise" disabled={busy || winners === 0 || changed.length > 0} onClick={() => void finalise()}>
                  {t('posts.rounds.finaliseButton', { n: winners })}
                </button>
              </div>
            )}
          </section>
        </>
      )}
      {msg && (
        <div className={msg.kind === 'ok' ? 'form-success' : 'form-error'} data-testid="round-message">
          {msg.text}
        </div>
      )}
    </div>
  );
}

interface OfferDraft {
  category: PostCategory;
  grade: string;
  postName: string;
  places: string;
}

function CreateRoundForm({ units, onClose, onDone }: { units: UnitRow[]; onClose: () => void; onDone: (r: RoundRow) => void }) {
  const { t, lang } = useT();
  const [name, setName] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [heldOn, setHeldOn] = useState(today());
  const [roundNo, setRoundNo] = useState('');
  const [offers, setOffers] = useState<OfferDraft[]>([{ category: '专业技术', grade: '8', postName: '', places: '1' }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const patch = (i: number, p: Partial<OfferDraft>) => setOffers(offers.map((o, j) => (j === i ? { ...o, ...p } : o)));
  const valid = useMemo(() => name.trim() && unitCode && offers.length > 0 && offers.every((o) => /^\d+$/.test(o.places) && Number(o.places) >= 1), [name, unitCode, offers]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await send('posts.rounds.create', {
        ...(roundNo.trim() ? { roundNo: roundNo.trim() } : {}),
        name,
        unitCode,
        heldOn,
        offers: offers.map((o) => ({ category: o.category, grade: gradeFromValue(o.grade), postName: o.postName || null, places: Number(o.places) })),
      });
      onDone(r);
    } catch (e) {
      const le = asLedgerError(e);
      setError([errorText(le, lang), ...(le.details ?? []).map((d) => vmsg(d.message, lang))].join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('posts.rounds.new')}
      onClose={onClose}
      testId="round-create-form"
      wide
      footer={
        <>
          <div className="toolbar-spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="round-create-submit" disabled={busy || !valid} onClick={() => void submit()}>
            {t('posts.rounds.create')}
          </button>
        </>
      }
    >
      <div className="posts-form-grid">
        <div className="field posts-span2">
          <label htmlFor="round-name">{t('posts.rounds.name')}</label>
          <input id="round-name" data-testid="round-name" value={name} placeholder="2026年度中级岗位竞聘" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="round-unit">{t('posts.unit')}</label>
          <PostUnitSelect id="round-unit" units={units} value={unitCode} onChange={setUnitCode} />
        </div>
        <div className="field">
          <label htmlFor="round-held">{t('posts.rounds.heldOn')}</label>
          <input id="round-held" type="date" data-testid="round-held" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="round-no">{t('posts.rounds.roundNo')}</label>
          <input id="round-no" data-testid="round-no" value={roundNo} placeholder={t('posts.rounds.roundNoHint')} onChange={(e) => setRoundNo(e.target.value)} />
        </div>
      </div>
      <h3 className="posts-h3">{t('posts.rounds.offers')}</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('posts.appt.category')}</th>
            <th>{t('posts.appt.grade')}</th>
            <th>{t('posts.appt.postName')}</th>
            <th className="num">{t('posts.rounds.placesCol')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {offers.map((o, i) => (
            <tr key={i} data-testid="round-offer-row">
              <td>
                <select className="posts-in" value={o.category} onChange={(e) => patch(i, { category: e.target.value as PostCategory, grade: gradeOptions(e.target.value as PostCategory).at(-1)?.value ?? '' })}>
                  {POST_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select className="posts-in" data-testid="round-offer-grade" value={o.grade} onChange={(e) => patch(i, { grade: e.target.value })}>
                  {gradeOptions(o.category).map((g) => (
                    <option key={g.value} value={g.value}>
                      {g.label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input className="posts-in" list={`round-names-${i}`} data-testid="round-offer-name" value={o.postName} onChange={(e) => patch(i, { postName: e.target.value })} />
                <datalist id={`round-names-${i}`}>
                  {postNamesFor(o.category, gradeFromValue(o.grade), POST_NAMES).map((n) => (
                    <option key={n} value={n} />
                  ))}
                </datalist>
              </td>
              <td className="num">
                <input className="posts-in posts-in-n" data-testid="round-offer-places" value={o.places} onChange={(e) => patch(i, { places: e.target.value })} />
              </td>
              <td>
                {offers.length > 1 && (
                  <button type="button" className="link-button" onClick={() => setOffers(offers.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="btn" data-testid="round-offer-add" onClick={() => setOffers([...offers, { category: '专业技术', grade: '8', postName: '', places: '1' }])}>
          ＋ {t('posts.rounds.addOffer')}
        </button>
      </div>
      {error && (
        <div className="form-error" data-testid="round-create-error">
          {error}
        </div>
      )}
    </Dialog>
  );
}
