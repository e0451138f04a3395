// 打印卡片 / 打印标签 from the asset register: the selected card, or every card the filters let
// through (in the grid's order). Labels come straight from the register rows; printed cards
// load each card with its history (assets.show).
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AssetCard, AssetRow } from '../../../shared/api/assets';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { errorText, useT } from '../../i18n';
import type { NameMaps } from '../assets/history';
import { CardSheet } from './CardSheet';
import { LabelSheets, type LabelItem } from './Labels';
import { LABEL_SHEETS, labelsPerPage, localDate, paginateLabels, type LabelSheetId } from './layout';
import { PrintPreview } from './PrintPreview';

/** More than this many labels / cards in one go is refused with a hint to filter first. */
export const MAX_LABELS = 2100;
export const MAX_CARDS = 200;

type Scope = 'selected' | 'filtered';
type Kind = 'labels' | 'cards';

/** Rows after the grid's filters, in its sort order. */
function filteredRows(api: GridApi<AssetRow> | null | undefined): AssetRow[] {
  const out: AssetRow[] = [];
  api?.forEachNodeAfterFilterAndSort((n) => {
    if (n.data && !n.rowPinned) out.push(n.data);
  });
  return out;
}

export function AssetPrintButtons({ api, selected }: { api: () => GridApi<AssetRow> | null | undefined; selected: AssetRow | null }) {
  const { t } = useT();
  const [job, setJob] = useState<{ kind: Kind; rows: AssetRow[]; selected: AssetRow | null } | null>(null);
  const open = (kind: Kind) => setJob({ kind, rows: filteredRows(api()), selected });
  return (
    <>
      <button type="button" className="btn" data-testid="asset-print-card" onClick={() => open('cards')} title={t('print.cardsHint')}>
        {t('print.printCards')}
      </button>
      <button type="button" className="btn" data-testid="asset-print-labels" onClick={() => open('labels')} title={t('print.labelsHint')}>
        {t('print.printLabels')}
      </button>
      {job?.kind === 'labels' && <LabelPrint rows={job.rows} selected={job.selected} onClose={() => setJob(null)} />}
      {job?.kind === 'cards' && <CardPrint rows={job.rows} selected={job.selected} onClose={() => setJob(null)} />}
    </>
  );
}

function ScopeSelect({ scope, setScope, selected, count }: { scope: Scope; setScope: (s: Scope) => void; selected: AssetRow | null; count: number }) {
  const { t } = useT();
  return (
    <label>
      {t('print.scope')}
      <select data-testid="print-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
        <option value="selected" disabled={!selected}>
          {selected ? t('print.scopeSelected', { code: selected.code }) : t('print.scopeNoSelection')}
        </option>
        <option value="filtered">{t('print.scopeFiltered', { n: count.toLocaleString('zh-CN') })}</option>
      </select>
    </label>
  );
}

function useScope(rows: AssetRow[], selected: AssetRow | null) {
  const [scope, setScope] = useState<Scope>(selected ? 'selected' : 'filtered');
  const chosen = useMemo(() => (scope === 'selected' && selected ? [selected] : rows), [scope, selected, rows]);
  return { scope, setScope, chosen };
}

function LabelPrint({ rows, selected, onClose }: { rows: AssetRow[]; selected: AssetRow | null; onClose: () => void }) {
  const { t } = useT();
  const { communityName } = useSession();
  const { scope, setScope, chosen } = useScope(rows, selected);
  const [sheetId, setSheetId] = useState<LabelSheetId>('a4-70x40');
  const [skip, setSkip] = useState(0);
  const [outlined, setOutlined] = useState(true);
  const sheet = LABEL_SHEETS[sheetId];
  const tooMany = chosen.length > MAX_LABELS;
  const items: LabelItem[] = useMemo(
    () => (tooMany ? [] : chosen.map((r) => ({ code: r.code, name: r.name, unitName: r.unitName, usingDeptName: r.usingDeptName, bookedOn: r.bookedOn }))),
    [chosen, tooMany],
  );
  const pages = paginateLabels(items, sheet, skip).length;
  const perPage = labelsPerPage(sheet);
  return (
    <PrintPreview
      title={t('print.labelsTitle')}
      fileName={`资产标签 ${localDate()}`}
      pageSize={`${sheet.paperW}mm ${sheet.paperH}mm`}
      onClose={onClose}
      busy={items.length === 0}
      status={tooMany ? t('print.tooManyLabels', { n: chosen.length, max: MAX_LABELS }) : t('print.labelsStatus', { n: items.length, pages })}
      options={
        <>
          <ScopeSelect scope={scope} setScope={setScope} selected={selected} count={rows.length} />
          <label>
            {t('print.sheet')}
            <select data-testid="print-sheet" value={sheetId} onChange={(e) => setSheetId(e.target.value as LabelSheetId)}>
              {(Object.keys(LABEL_SHEETS) as LabelSheetId[]).map((id) => (
                <option key={id} value={id}>
                  {t(`print.sheets.${id}`)}
                </option>
              ))}
            </select>
          </label>
          {perPage > 1 && (
            <label title={t('print.skipHint')}>
              {t('print.skip')}
              <input type="number" data-testid="print-skip" min={0} max={perPage - 1} value={skip} onChange={(e) => setSkip(Math.max(0, Math.min(perPage - 1, Number(e.target.value) || 0)))} />
            </label>
          )}
          <label>
            <input type="checkbox" data-testid="print-outline" checked={outlined} onChange={(e) => setOutlined(e.target.checked)} />
            {t('print.outline')}
          </label>
        </>
      }
    >
      {items.length === 0 ? (
        <div className="print-empty">{tooMany ? t('print.tooManyLabels', { n: chosen.length, max: MAX_LABELS }) : t('print.nothing')}</div>
      ) : (
        <LabelSheets items={items} sheet={sheet} skip={skip} communityName={communityName ?? ''} outlined={outlined} />
      )}
    </PrintPreview>
  );
}

function CardPrint({ rows, selected, onClose }: { rows: AssetRow[]; selected: AssetRow | null; onClose: () => void }) {
  const { t, lang } = useT();
  const { communityName } = useSession();
  const { scope, setScope, chosen } = useScope(rows, selected);
  const [cards, setCards] = useState<AssetCard[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [depts, setDepts] = useState<DepartmentRow[]>([]);
  const [units, setUnits] = useState<UnitRow[]>([]);
  const tooMany = chosen.length > MAX_CARDS;

  useEffect(() => {
    send('departments.list', {}).then(setDepts, () => undefined);
    send('units.list', {}).then(setUnits, () => undefined);
  }, []);

  useEffect(() => {
    let cancelled = false;
    setCards([]);
    setError(null);
    if (tooMany || chosen.length === 0) return;
    void (async () => {
      const out: AssetCard[] = [];
      try {
        for (const [i, r] of chosen.entries()) {
          if (cancelled) return;
          setProgress(t('print.loadingCards', { done: i, total: chosen.length }));
          out.push(await send('assets.show', { code: r.code }));
        }
        if (!cancelled) setCards(out);
      } catch (err) {
        if (!cancelled) setError(errorText(asLedgerError(err), lang));
      } finally {
        if (!cancelled) setProgress(null);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [chosen, tooMany, t, lang]);

  const names = useMemo<NameMaps>(() => {
    const unitNames = new Map<string, string>();
    for (const u of units) {
      unitNames.set(u.id, u.name);
      unitNames.set(u.code, u.name);
    }
    return { depts: new Map(depts.map((d) => [d.id, d.name])), units: unitNames };
  }, [depts, units]);
  const deptName = useCallback((unitCode: string, code: string | null) => (code ? (depts.find((d) => d.unitCode === unitCode && d.code === code)?.name ?? code) : null), [depts]);
  const printedOn = localDate();
  const status = error ?? progress ?? (tooMany ? t('print.tooManyCards', { n: chosen.length, max: MAX_CARDS }) : t('print.cardsStatus', { n: cards.length }));

  return (
    <PrintPreview
      title={t('print.cardsTitle')}
      fileName={chosen.length === 1 ? `资产卡片 ${chosen[0]!.code}` : `资产卡片 ${localDate()}`}
      pageSize="A4 portrait"
      onClose={onClose}
      busy={cards.length === 0}
      status={status}
      options={<ScopeSelect scope={scope} setScope={setScope} selected={selected} count={rows.length} />}
    >
      {cards.length === 0 ? (
        <div className="print-empty">{status}</div>
      ) : (
        cards.map((c) => <CardSheet key={c.code} card={c} communityName={communityName ?? ''} names={names} deptName={deptName} printedOn={printedOn} />)
      )}
    </PrintPreview>
  );
}
