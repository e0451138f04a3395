// 比例方案: the structural ratio sets (DOMAIN §4, [param]) — which unit types a set is the default
// for, the rounding of floor(total × ratio), and its rules ("posts in these grades ≤/≥ x% of posts in
// those grades"). Shipped defaults can be edited (saving makes them this ledger's own) or copied
// into a new set for reuse by other unit types.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RatioSetRow } from '../../../shared/api/posts';
import { UNIT_TYPES, UNIT_TYPE_EN, type UnitType } from '../../../shared/domain/org';
import type { PostCategory } from '../../../shared/domain/posts/catalogue';
import { ROUNDINGS, applyRatio, type RatioRule, type Rounding } from '../../../shared/domain/posts/ratios';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { errorText, useT, vmsg } from '../../i18n';
import { POST_CATEGORIES, gradesText, parseGrades } from './common';

interface DraftRule {
  id: string;
  label: string;
  kind: 'max' | 'min';
  category: PostCategory;
  grades: string;
  ofTotal: boolean;
  ofCategory: PostCategory;
  ofGrades: string;
  percent: string;
}

interface Draft {
  code: string;
  name: string;
  unitTypes: UnitType[];
  rounding: Rounding;
  rules: DraftRule[];
  version?: number;
  isNew: boolean;
}

function toDraft(s: RatioSetRow): Draft {
  return {
    code: s.code,
    name: s.name,
    unitTypes: [...s.unitTypes],
    rounding: s.rounding,
    version: s.version ?? undefined,
    isNew: false,
    rules: s.rules.map((r) => ({
      id: r.id,
      label: r.label,
      kind: r.kind,
      category: r.posts.category,
      grades: gradesText(r.posts.grades),
      ofTotal: r.of === 'total',
      ofCategory: r.of === 'total' ? r.posts.category : r.of.category,
      ofGrades: r.of === 'total' ? '' : gradesText(r.of.grades),
      percent: String(r.bp / 100),
    })),
  };
}

/** The draft as the engine's input, or the first problem found (rule index + message). */
function fromDraft(d: Draft): { ok: true; rules: RatioRule[] } | { ok: false; index: number; message: string } {
  const rules: RatioRule[] = [];
  for (const [i, r] of d.rules.entries()) {
    const g = parseGrades(r.grades);
    const og = parseGrades(r.ofGrades);
    const pct = Number(r.percent.replace(/[%％\s]/g, ''));
    if (g === undefined || (!r.ofTotal && og === undefined)) return { ok: false, index: i, message: 'posts.ratios.badGrades' };
    if (!Number.isFinite(pct) || pct < 0 || pct > 100 || Math.round(pct * 100) !== pct * 100) return { ok: false, index: i, message: 'posts.ratios.badPercent' };
    rules.push({
      id: r.id.trim(),
      label: r.label.trim(),
      kind: r.kind,
      posts: g === 'all' ? { category: r.category } : { category: r.category, grades: g },
      of: r.ofTotal ? 'total' : og === 'all' ? { category: r.ofCategory } : { category: r.ofCategory, grades: og! },
      bp: Math.round(pct * 100),
    });
  }
  return { ok: true, rules };
}

export function RatioSetsTab() {
  const { t, lang } = useT();
  const session = useSession();
  const canManage = session.can('posts.manage');
  const [sets, setSets] = useState<RatioSetRow[] | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string; rule?: number } | null>(null);

  const reload = useCallback(async (select?: string) => {
    const list = await send('posts.ratioSets.list', {});
    setSets(list);
    const pick = list.find((s) => s.code === (select ?? code)) ?? list[0];
    if (pick) {
      setCode(pick.code);
      setDraft(toDraft(pick));
    }
  }, [code]);
  useEffect(() => {
    reload().catch((e: unknown) => setMsg({ kind: 'error', text: errorText(asLedgerError(e), lang) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const patchRule = (i: number, p: Partial<DraftRule>) => setDraft((d) => (d ? { ...d, rules: d.rules.map((r, j) => (j === i ? { ...r, ...p } : r)) } : d));

  const save = async () => {
    if (!draft) return;
    const conv = fromDraft(draft);
    if (!conv.ok) {
      setMsg({ kind: 'error', text: `${t('posts.ratios.rule')} ${conv.index + 1}：${t(conv.message)}`, rule: conv.index });
      return;
    }
    setBusy(true);
    setMsg(null);
    try {
      const saved = await send('posts.ratioSets.save', {
        code: draft.code.trim(),
        name: draft.name.trim(),
        unitTypes: draft.unitTypes,
        rounding: draft.rounding,
        rules: conv.rules,
        ...(draft.version ? { version: draft.version } : {}),
      });
      await reload(saved.code);
      setMsg({ kind: 'ok', text: t('posts.ratios.saved', { code: saved.code }) });
    } catch (err) {
      const le = asLedgerError(err);
      const details = (le.details ?? []).map((d) => vmsg(d.message, lang));
      setMsg({ kind: 'error', text: [errorText(le, lang), ...details.slice(1)].join('；') });
    } finally {
      setBusy(false);
    }
  };

  const example = useMemo(() => {
    if (!draft) return '';
    return ROUNDINGS.map((r) => `${t(`posts.rounding.${r}`)}：41 × 15% = ${applyRatio(41, 1500, r)}`).join('　');
  }, [draft, t]);

  if (!sets || !draft) return <div className="posts-panel">{msg ? <div className="form-error">{msg.text}</div> : t('common.loading')}</div>;
  const ro = !canManage;
  return (
    <div className="posts-split" data-testid="ratio-sets">
      <div className="posts-side">
        <ul className="posts-list">
          {sets.map((s) => (
            <li key={s.code}>
              <button
                type="button"
                data-testid={`ratio-set-${s.code}`}
                className={`posts-list-item${s.code === code ? ' active' : ''}`}
                onClick={() => {
                  setCode(s.code);
                  setDraft(toDraft(s));
                  setMsg(null);
                }}
              >
                <span className="posts-list-code">{s.code}</span>
                {s.builtin && <span className="posts-tag">{t('posts.ratios.builtin')}</span>}
                <span className="posts-list-name">{s.name}</span>
                <span className="posts-list-sub">{s.unitTypes.map((u) => (lang === 'en' ? UNIT_TYPE_EN[u] : u)).join('、') || '—'}</span>
              </button>
            </li>
          ))}
        </ul>
        {canManage && (
          <button
            type="button"
            className="btn btn-block"
            data-testid="ratio-copy"
            onClick={() => {
              setCode(null);
              setDraft({ ...draft, code: `${draft.code}-2`.slice(0, 32), name: `${draft.name}（${t('posts.ratios.copy')}）`, unitTypes: [], version: undefined, isNew: true });
              setMsg(null);
            }}
          >
            {t('posts.ratios.copyAsNew')}
          </button>
        )}
      </div>
      <div className="posts-panel posts-ratio-editor">
        <div className="posts-form-grid">
          <div className="field">
            <label htmlFor="ratio-code">{t('posts.ratios.code')}</label>
            <input id="ratio-code" data-testid="ratio-code" value={draft.code} disabled={!draft.isNew || ro} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
          </div>
          <div className="field posts-span2">
            <label htmlFor="ratio-name">{t('posts.ratios.name')}</label>
            <input id="ratio-name" data-testid="ratio-name" value={draft.name} disabled={ro} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="ratio-rounding">{t('posts.ratios.rounding')}</label>
            <select id="ratio-rounding" data-testid="ratio-rounding" value={draft.rounding} disabled={ro} onChange={(e) => setDraft({ ...draft, rounding: e.target.value as Rounding })}>
              {ROUNDINGS.map((r) => (
                <option key={r} value={r}>
                  {t(`posts.rounding.${r}`)}
                </option>
              ))}
            </select>
            <div className="field-hint">{example}</div>
          </div>
        </div>
        <div className="posts-unit-types">
          <span className="posts-label">{t('posts.ratios.unitTypes')}</span>
          {UNIT_TYPES.map((u) => (
            <label key={u} className="checkbox">
              <input
                type="checkbox"
                disabled={ro}
                checked={draft.unitTypes.includes(u)}
                onChange={(e) => setDraft({ ...draft, unitTypes: e.target.checked ? [...draft.unitTypes, u] : draft.unitTypes.filter((x) => x !== u) })}
              />
              {lang === 'en' ? UNIT_TYPE_EN[u] : u}
            </label>
          ))}
        </div>
        <div className="posts-table-wrap">
          <table className="data-table posts-rules" data-testid="ratio-rules">
            <thead>
              <tr>
                <th>{t('posts.ratios.ruleId')}</th>
                <th>{t('posts.ratios.label')}</th>
                <th>{t('posts.ratios.kind')}</th>
                <th>{t('posts.ratios.posts')}</th>
                <th>{t('posts.ratios.of')}</th>
                <th className="num">{t('posts.ratios.percent')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.rules.map((r, i) => (
                <tr key={i} className={msg?.rule === i ? 'posts-row-bad' : undefined} data-testid="ratio-rule">
                  <td>
                    <input className="posts-in posts-in-s" value={r.id} disabled={ro} onChange={(e) => patchRule(i, { id: e.target.value })} />
                  </td>
                  <td>
                    <input className="posts-in posts-in-l" value={r.label} disabled={ro} onChange={(e) => patchRule(i, { label: e.target.value })} />
                  </td>
                  <td>
                    <select className="posts-in" value={r.kind} disabled={ro} onChange={(e) => patchRule(i, { kind: e.target.value as 'max' | 'min' })}>
                      <option value="max">≤ {t('posts.ratios.max')}</option>
                      <option value="min">≥ {t('posts.ratios.min')}</option>
                    </select>
                  </td>
                  <td className="posts-nowrap">
                    <select className="posts-in" value={r.category} disabled={ro} onChange={(e) => patchRule(i, { category: e.target.value as PostCategory })}>
                      {POST_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    <input className="posts-in posts-in-s" placeholder={t('posts.ratios.allGrades')} value={r.grades} disabled={ro} onChange={(e) => patchRule(i, { grades: e.target.value })} />
                  </td>
                  <td className="posts-nowrap">
                    <select
                      className="posts-in"
                      value={r.ofTotal ? 'total' : r.ofCategory}
                      disabled={ro}
                      onChange={(e) => (e.target.value === 'total' ? patchRule(i, { ofTotal: true }) : patchRule(i, { ofTotal: false, ofCategory: e.target.value as PostCategory }))}
                    >
                      <option value="total">{t('posts.ratios.total')}</option>
                      {POST_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    {!r.ofTotal && <input className="posts-in posts-in-s" placeholder={t('posts.ratios.allGrades')} value={r.ofGrades} disabled={ro} onChange={(e) => patchRule(i, { ofGrades: e.target.value })} />}
                  </td>
                  <td className="num">
                    <input className="posts-in posts-in-n" data-testid="ratio-percent" value={r.percent} disabled={ro} onChange={(e) => patchRule(i, { percent: e.target.value })} />%
                  </td>
                  <td>
                    {!ro && (
                      <button type="button" className="link-button" title={t('posts.ratios.remove')} onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}>
                        ✕
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="posts-note">{t('posts.ratios.hint')}</div>
        {msg && (
          <div className={msg.kind === 'ok' ? 'form-success' : 'form-error'} data-testid="ratio-message">
            {msg.text}
          </div>
        )}
        {canManage && (
          <div className="form-actions">
            <button
              type="button"
              className="btn"
              onClick={() =>
                setDraft({
                  ...draft,
                  rules: [...draft.rules, { id: `r${draft.rules.length + 1}`, label: '', kind: 'max', category: '专业技术', grades: '', ofTotal: false, ofCategory: '专业技术', ofGrades: '', percent: '10' }],
                })
              }
            >
              ＋ {t('posts.ratios.addRule')}
            </button>
            <div className="toolbar-spacer" />
            <button type="button" className="btn btn-primary" data-testid="ratio-save" disabled={busy} onClick={() => void save()}>
              {t('common.save')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
