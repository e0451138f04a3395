// 岗位结构: approved (核定) vs filled (在岗) vs vacant (空缺) per unit and for the whole community —
// total posts, each category and the professional bands — with every breach highlighted in red on
// the cell it concerns (a ratio rule on the bands it covers). A unit's row opens its detail: every
// band and grade, each structural cap with its limit and filled posts, and the breaches.
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import type { RatioSetRow, StructureReport, UnitStructure } from '../../../shared/api/posts';
import { UNIT_TYPES, UNIT_TYPE_EN } from '../../../shared/domain/org';
import { BANDS, gradeKey, gradeLabel, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { asLedgerError, send } from '../../api/client';
import { errorText, useT } from '../../i18n';
import { POST_CATEGORIES } from './common';
import { breachCells } from './helpers';

const MAIN_BANDS = ['正高', '副高', '中级', '初级'] as const;

type Triple = { approved: number | null; filled: number; vacant: number | null };

function triples(u: Pick<UnitStructure, 'approved' | 'filled' | 'vacant'>): Record<string, Triple> {
  const out: Record<string, Triple> = { total: { approved: u.approved.total, filled: u.filled.total, vacant: u.vacant.total } };
  for (const c of POST_CATEGORIES) out[`category:${c}`] = { approved: u.approved.categories[c], filled: u.filled.categories[c], vacant: u.vacant.categories[c] };
  for (const b of BANDS) out[`band:${b.band}`] = { approved: u.approved.bands[b.band] ?? null, filled: u.filled.bands[b.band] ?? 0, vacant: u.vacant.bands[b.band] ?? null };
  return out;
}

const GROUPS: { key: string; label: (t: (k: string) => string) => string }[] = [
  { key: 'total', label: (t) => t('posts.structure.totalPosts') },
  ...POST_CATEGORIES.map((c) => ({ key: `category:${c}`, label: (t: (k: string) => string) => t(`posts.categories.${c}`) })),
  ...MAIN_BANDS.map((b) => ({ key: `band:${b}`, label: (t: (k: string) => string) => t(`posts.bands.${b}`) })),
];

export function StructureTab() {
  const { t, lang } = useT();
  const [report, setReport] = useState<StructureReport | null>(null);
  const [sets, setSets] = useState<RatioSetRow[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [type, setType] = useState('');
  const [onlyBreaches, setOnlyBreaches] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const reload = useCallback(() => {
    send('posts.structure', {}).then(setReport, (e: unknown) => setErr(errorText(asLedgerError(e), lang)));
    send('posts.ratioSets.list', {}).then(setSets, () => undefined);
  }, [lang]);
  useEffect(reload, [reload]);

  const rulesOf = useMemo(() => new Map(sets.map((s) => [s.code, s.rules])), [sets]);
  const units = useMemo(() => (report?.units ?? []).filter((u) => (!type || u.unitType === type) && (!onlyBreaches || u.breaches.length > 0)), [report, type, onlyBreaches]);
  const types = useMemo(() => UNIT_TYPES.filter((x) => report?.units.some((u) => u.unitType === x)), [report]);
  const openUnit = report?.units.find((u) => u.unitCode === open) ?? null;

  if (err) return <div className="form-error">{err}</div>;
  if (!report) return <div className="posts-panel">{t('common.loading')}</div>;
  const c = report.community;
  const cell = (tr: Triple, key: string, red: Set<string>, strong = false) => (
    <>
      <td className={`num posts-approved${red.has(`approved:${key}`) ? ' posts-breach' : ''}`} data-col={`approved:${key}`}>
        {tr.approved ?? <span className="muted" title={t('posts.structure.boundedHint')}>—</span>}
      </td>
      <td className={`num${red.has(`filled:${key}`) ? ' posts-breach' : ''}${strong ? ' posts-strong' : ''}`} data-col={`filled:${key}`}>
        {tr.filled}
      </td>
      <td className="num posts-vacant" data-col={`vacant:${key}`}>
        {tr.vacant ?? ''}
      </td>
    </>
  );

  return (
    <div className="posts-structure" data-testid="structure">
      <div className="posts-summary" data-testid="structure-summary">
        <span>{t('posts.structure.summaryUnits', { n: c.units })}</span>
        <span>{t('posts.structure.summaryStaffing', { n: c.staffing })}</span>
        <span>{t('posts.structure.summaryPosts', { approved: c.approved.total, filled: c.filled.total, vacant: c.vacant.total })}</span>
        <span className={c.unitsWithBreaches ? 'posts-breach-text' : 'posts-ok-text'} data-testid="structure-breach-count">
          {c.unitsWithBreaches ? t('posts.structure.summaryBreaches', { n: c.breaches, units: c.unitsWithBreaches }) : t('posts.structure.noBreaches')}
        </span>
        <div className="toolbar-spacer" />
        <label className="toolbar-field">
          {t('units.type')}
          <select data-testid="structure-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {types.map((x) => (
              <option key={x} value={x}>
                {lang === 'en' ? UNIT_TYPE_EN[x] : x}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="structure-only-breaches" checked={onlyBreaches} onChange={(e) => setOnlyBreaches(e.target.checked)} />
          {t('posts.structure.onlyBreaches')}
        </label>
        <button type="button" className="btn" data-testid="structure-reload" onClick={reload}>
          {t('common.reload')}
        </button>
      </div>
      <div className="posts-structure-body">
        <div className="posts-table-wrap posts-structure-wrap">
          <table className="data-table posts-structure-table" data-testid="structure-table">
            <thead>
              <tr>
                <th rowSpan={2} className="posts-sticky">
                  {t('posts.unit')}
                </th>
                <th rowSpan={2} className="num">
                  {t('posts.structure.breaches')}
                </th>
                <th rowSpan={2} className="num">
                  {t('posts.structure.staffing')}
                </th>
                {GROUPS.map((g) => (
                  <th key={g.key} colSpan={3} className="posts-group">
                    {g.label(t)}
                  </th>
                ))}
              </tr>
              <tr>
                {GROUPS.map((g) => (
                  <Fragment key={g.key}>
                    <th className="num posts-sub">{t('posts.structure.approved')}</th>
                    <th className="num posts-sub">{t('posts.structure.filled')}</th>
                    <th className="num posts-sub">{t('posts.structure.vacant')}</th>
                  </Fragment>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="posts-community" data-testid="structure-community">
                <td className="posts-sticky">{t('posts.structure.community')}</td>
                <td className={`num${c.breaches ? ' posts-breach' : ''}`}>{c.breaches || ''}</td>
                <td className="num">{c.staffing}</td>
                {GROUPS.map((g) => (
                  <Fragment key={g.key}>{cell(triples(c)[g.key]!, g.key, new Set(), true)}</Fragment>
                ))}
              </tr>
              {units.map((u) => {
                const red = new Set(u.breaches.flatMap((b) => breachCells(b, rulesOf.get(u.ratioSet), (band) => u.filled.bands[band] ?? 0)));
                const tr = triples(u);
                return (
                  <tr
                    key={u.unitCode}
                    data-testid="structure-row"
                    data-unit={u.unitCode}
                    data-breaches={u.breaches.length}
                    className={`posts-clickable${u.breaches.length ? ' posts-row-breach' : ''}${open === u.unitCode ? ' posts-row-open' : ''}`}
                    onClick={() => setOpen(open === u.unitCode ? null : u.unitCode)}
                  >
                    <td className="posts-sticky">
                      <span className="mono">{u.unitCode}</span> {u.unitName}
                      {u.noQuota && <span className="posts-tag">{t('posts.structure.noQuota')}</span>}
                    </td>
                    <td className={`num${u.breaches.length ? ' posts-breach' : ''}`} data-testid="structure-row-breaches" title={u.breaches.map((b) => `${b.label}：${b.current} / ${b.limit}`).join('\n')}>
                      {u.breaches.length || ''}
                    </td>
                    <td className={`num${red.has('staffing') ? ' posts-breach' : ''}`}>{u.staffing}</td>
                    {GROUPS.map((g) => (
                      <Fragment key={g.key}>{cell(tr[g.key]!, g.key, red)}</Fragment>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {openUnit && <UnitDetail u={openUnit} onClose={() => setOpen(null)} />}
      </div>
      <div className="posts-note">{t('posts.structure.legend')}</div>
    </div>
  );
}

function UnitDetail({ u, onClose }: { u: UnitStructure; onClose: () => void }) {
  const { t } = useT();
  const gradesOf = (c: PostCategory) => BANDS.filter((b) => b.category === c).flatMap((b) => b.grades.map((g) => ({ g, band: b.band })));
  return (
    <aside className="posts-panel posts-unit-detail" data-testid="structure-detail" data-unit={u.unitCode}>
      <div className="posts-round-head">
        <h3 className="posts-h3">
          {u.unitCode} {u.unitName}
        </h3>
        <button type="button" className="dialog-close" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="muted">
        {u.unitType} · {t('posts.quotas.ratioSet')} {u.ratioSet} · {t('posts.structure.staffing')} {u.staffing}
      </div>
      {u.breaches.length > 0 && (
        <>
          <h4 className="posts-h4 posts-breach-text">{t('posts.structure.breachList')}</h4>
          <ul className="posts-breach-list" data-testid="structure-detail-breaches">
            {u.breaches.map((b) => (
              <li key={b.rule} data-rule={b.rule}>
                {t('posts.appt.breachLine', { label: b.label, current: b.current, limit: b.limit })}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4 className="posts-h4">{t('posts.structure.caps')}</h4>
      <table className="data-table" data-testid="structure-caps">
        <thead>
          <tr>
            <th>{t('posts.refusal.rule')}</th>
            <th className="num">{t('posts.refusal.limit')}</th>
            <th className="num">{t('posts.structure.filled')}</th>
          </tr>
        </thead>
        <tbody>
          {u.caps.map((c) => (
            <tr key={c.rule} className={c.filled > c.limit ? 'posts-row-bad' : c.filled === c.limit && c.limit > 0 ? 'posts-row-full' : undefined} data-rule={c.rule}>
              <td>{c.label}</td>
              <td className="num">{c.limit}</td>
              <td className={`num${c.filled > c.limit ? ' posts-breach' : ''}`}>
                {c.filled}
                {c.filled === c.limit && c.limit > 0 ? <span className="posts-tag">{t('posts.structure.full')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="posts-h4">{t('posts.structure.byBand')}</h4>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('posts.structure.band')}</th>
            <th className="num">{t('posts.structure.approved')}</th>
            <th className="num">{t('posts.structure.filled')}</th>
            <th className="num">{t('posts.structure.vacant')}</th>
          </tr>
        </thead>
        <tbody>
          {BANDS.map((b) => (
            <tr key={b.band}>
              <td>{b.band.startsWith(b.category) ? b.band : `${b.category} · ${b.band}`}</td>
              <td className="num">{u.approved.bands[b.band] ?? '—'}</td>
              <td className="num">{u.filled.bands[b.band] ?? 0}</td>
              <td className="num">{u.vacant.bands[b.band] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="posts-h4">{t('posts.structure.byGrade')}</h4>
      <div className="posts-grades">
        {POST_CATEGORIES.map((c) => (
          <div key={c}>
            <div className="posts-label">{c}</div>
            {gradesOf(c)
              .filter(({ g }) => (u.filled.grades[gradeKey(c, g)] ?? 0) > 0)
              .map(({ g }) => (
                <div key={String(g)} className="posts-grade-line">
                  <span>{gradeLabel(c, g)}</span>
                  <b>{u.filled.grades[gradeKey(c, g)]}</b>
                </div>
              ))}
          </div>
        ))}
      </div>
    </aside>
  );
}
