// 报表: the asset register as of a date (by unit × class, or card by card), the monthly
// depreciation summary for the voucher (Dr 费用 / Cr 1602) and one asset's depreciation schedule.
// Each shows on screen, prints (paginated A4 pages with headers, page numbers and totals) and —
// where the engine has an export — saves .xlsx.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AssetCard } from '../../../shared/api/assets';
import type { DepreciationPeriod } from '../../../shared/api/depreciation';
import type { UnitRow } from '../../../shared/api/types';
import { formatMoney, toChineseCapitals } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { downloadExport } from '../../grid/files';
import { formatDateTime } from '../../format';
import { errorText, useT } from '../../i18n';
import { A4_LANDSCAPE_REPORT, A4_PORTRAIT_REPORT, localDate, previousPeriod, type ReportGeometry } from '../print/layout';
import { PrintPreview } from '../print/PrintPreview';
import { ReportDocument, type ReportLine } from '../print/ReportDocument';
import { ScreenHeader } from '../ScreenHeader';
import { depreciationSummaryReport, registerReport, scheduleReport, type BuiltReport } from './builders';
import './reports.css';

type Tab = 'register' | 'summary' | 'schedule';

/** Lines shown on screen (printing and export always take all of them). */
const SCREEN_LINES = 1000;
/** A detail register longer than this is not printed (hundreds of pages): choose a unit or the summary. */
export const MAX_PRINT_LINES = 12_000;

interface Printable {
  title: string;
  subtitle?: string;
  meta: [ReactNode, ReactNode, ReactNode];
  built: BuiltReport;
  closing?: ReactNode;
  geometry: ReportGeometry;
  fileName: string;
}

export function ReportsScreen() {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('register');
  const [units, setUnits] = useState<UnitRow[]>([]);
  useEffect(() => {
    send('units.list', {}).then(setUnits, () => undefined);
  }, []);
  return (
    <div className="screen reports-screen">
      <ScreenHeader title={t('reports.title')} crumbs={`${t('nav.reports')} › ${t(`reports.tabs.${tab}`)}`} />
      <div className="report-tabs" role="tablist">
        {(['register', 'summary', 'schedule'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`report-tab${tab === k ? ' active' : ''}`} data-testid={`report-tab-${k}`} onClick={() => setTab(k)}>
            {t(`reports.tabs.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'register' && <RegisterPanel units={units} />}
      {tab === 'summary' && <SummaryPanel units={units} />}
      {tab === 'schedule' && <SchedulePanel />}
    </div>
  );
}

function UnitSelect({ units, value, onChange }: { units: UnitRow[]; value: string; onChange: (v: string) => void }) {
  const { t } = useT();
  if (units.length <= 1) return null;
  return (
    <label className="toolbar-field">
      {t('reports.unit')}
      <select data-testid="report-unit" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('reports.allUnits')}</option>
        {units.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}（{u.code}）
          </option>
        ))}
      </select>
    </label>
  );
}

/** Parameters bar, on-screen table and the print preview, shared by the three reports. */
function ReportPanel({ params, onRun, busy, error, printable, exportButton, empty }: { params: ReactNode; onRun: () => void; busy: boolean; error: string | null; printable: Printable | null; exportButton?: ReactNode; empty?: string }) {
  const { t } = useT();
  const { communityName } = useSession();
  const [printing, setPrinting] = useState(false);
  const built = printable?.built;
  const tooLong = !!built && built.lines.length > MAX_PRINT_LINES;
  return (
    <div className="report-panel grid-panel">
      <div className="grid-toolbar">
        {params}
        <button type="button" className="btn btn-primary" data-testid="report-run" disabled={busy} onClick={onRun}>
          {busy ? t('common.working') : t('reports.run')}
        </button>
        <span className="toolbar-spacer" />
        {exportButton}
        <button type="button" className="btn" data-testid="report-print" disabled={!printable || tooLong} title={tooLong ? t('reports.tooLong', { max: MAX_PRINT_LINES }) : undefined} onClick={() => setPrinting(true)}>
          {t('reports.print')}
        </button>
      </div>
      <div className="report-screen-body">
        {error && <div className="grid-load-error" data-testid="report-error">{error}</div>}
        {!error && !built && <div className="report-hint muted">{empty ?? t('reports.hint')}</div>}
        {!error && built && printable && (
          <>
            <div className="report-screen-head">
              <b>{printable.title}</b>
              {printable.subtitle && <span>{printable.subtitle}</span>}
              <span className="muted">{printable.meta[1]}</span>
            </div>
            <table className="report-screen-table" data-testid="report-table">
              <thead>
                <tr>
                  {built.columns.map((c) => (
                    <th key={c.key}>{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {built.lines.slice(0, SCREEN_LINES).map((l, i) => (
                  <ScreenRow key={i} line={l} columns={built.columns} />
                ))}
                <ScreenRow line={built.total} columns={built.columns} testId="report-total" />
              </tbody>
            </table>
            {built.lines.length > SCREEN_LINES && <div className="muted report-more">{t('reports.more', { shown: SCREEN_LINES, n: built.lines.length })}</div>}
          </>
        )}
      </div>
      {printing && printable && (
        <PrintPreview
          title={printable.title}
          fileName={printable.fileName}
          pageSize={printable.geometry.paperW > printable.geometry.paperH ? 'A4 landscape' : 'A4 portrait'}
          onClose={() => setPrinting(false)}
        >
          <ReportDocument
            title={printable.title}
            subtitle={printable.subtitle}
            meta={[<>编制单位：{communityName ?? ''}</>, printable.meta[1], printable.meta[2]]}
            columns={printable.built.columns}
            lines={printable.built.lines}
            total={printable.built.total}
            closing={printable.closing}
            geometry={printable.geometry}
            printedAt={formatDateTime(new Date().toISOString())}
          />
        </PrintPreview>
      )}
    </div>
  );
}

function ScreenRow({ line, columns, testId }: { line: ReportLine; columns: BuiltReport['columns']; testId?: string }) {
  return (
    <tr className={line.kind === 'row' ? undefined : `report-${line.kind}`} data-testid={testId}>
      {columns.map((c) => (
        <td key={c.key} className={c.align === 'right' ? 'num' : undefined} style={c.align === 'center' ? { textAlign: 'center' } : undefined}>
          {line.cells[c.key] ?? ''}
        </td>
      ))}
    </tr>
  );
}

function Signatures({ names }: { names: string[] }) {
  return (
    <div className="report-signatures">
      {names.map((n) => (
        <span key={n}>{n}：</span>
      ))}
    </div>
  );
}

function useRunner<T>() {
  const { lang } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [data, setData] = useState<T | null>(null);
  const run = async (fn: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      setData(await fn());
    } catch (err) {
      setData(null);
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, data, run, setError };
}

function unitLabel(units: UnitRow[], code: string): string {
  if (!code) return '全部单位';
  const u = units.find((x) => x.code === code);
  return u ? `${u.name}（${u.code}）` : code;
}

// ---- 资产总账（截止日） ----------------------------------------------------------------------

function RegisterPanel({ units }: { units: UnitRow[] }) {
  const { t, lang } = useT();
  const [asOf, setAsOf] = useState(localDate());
  const [unit, setUnit] = useState('');
  const [mode, setMode] = useState<'summary' | 'detail'>('summary');
  const [exporting, setExporting] = useState(false);
  const r = useRunner<{ report: Awaited<ReturnType<typeof send<'reports.register'>>>; unit: string }>();
  const printable = useMemo<Printable | null>(() => {
    if (!r.data) return null;
    const built = registerReport(r.data.report, mode);
    const unitText = unitLabel(units, r.data.unit);
    return {
      title: mode === 'summary' ? '固定资产总账（按单位、分类）' : '固定资产明细账',
      subtitle: unitText,
      meta: [null, <>截止日期：{r.data.report.asOf}</>, '单位：元'],
      built,
      geometry: A4_LANDSCAPE_REPORT,
      fileName: `固定资产${mode === 'summary' ? '总账' : '明细账'} ${r.data.report.asOf}`,
      closing: (
        <>
          <div>原值合计（大写）：人民币{toChineseCapitals(r.data.report.totals.costFen)}</div>
          <Signatures names={['单位负责人', '财务负责人', '资产管理员', '制表人']} />
        </>
      ),
    };
  }, [r.data, mode, units]);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      downloadExport(await send('assets.export', unit ? { unitCode: unit } : {}));
    } catch (err) {
      r.setError(errorText(asLedgerError(err), lang));
    } finally {
      setExporting(false);
    }
  };
  return (
    <ReportPanel
      busy={r.busy}
      error={r.error}
      printable={printable}
      onRun={() => void r.run(async () => ({ report: await send('reports.register', unit ? { asOf, unitCode: unit } : { asOf }), unit }))}
      params={
        <>
          <label className="toolbar-field">
            {t('reports.asOf')}
            <input type="date" data-testid="report-asof" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          </label>
          <UnitSelect units={units} value={unit} onChange={setUnit} />
          <label className="toolbar-field">
            {t('reports.mode')}
            <select data-testid="report-mode" value={mode} onChange={(e) => setMode(e.target.value as 'summary' | 'detail')}>
              <option value="summary">{t('reports.modeSummary')}</option>
              <option value="detail">{t('reports.modeDetail')}</option>
            </select>
          </label>
        </>
      }
      exportButton={
        <button type="button" className="btn" data-testid="report-export" disabled={exporting} title={t('reports.exportHint')} onClick={() => void exportXlsx()}>
          {t('reports.exportRegister')}
        </button>
      }
    />
  );
}

// ---- 月度折旧汇总 ----------------------------------------------------------------------------

function SummaryPanel({ units }: { units: UnitRow[] }) {
  const { t } = useT();
  const [periods, setPeriods] = useState<DepreciationPeriod[]>([]);
  const [period, setPeriod] = useState(previousPeriod(localDate()));
  const [unit, setUnit] = useState('');
  const r = useRunner<{ rows: Awaited<ReturnType<typeof send<'depreciation.summary'>>>; period: string; unit: string }>();
  useEffect(() => {
    send('depreciation.periods', {}).then((ps) => {
      setPeriods(ps);
      const latest = [...ps].sort((a, b) => (a.period < b.period ? 1 : -1))[0];
      if (latest) setPeriod(latest.period);
    }, () => undefined);
  }, []);
  const state = periods.find((p) => p.period === r.data?.period);
  const printable = useMemo<Printable | null>(() => {
    if (!r.data) return null;
    const built = depreciationSummaryReport(r.data.rows);
    return {
      title: '固定资产折旧汇总表',
      subtitle: `${unitLabel(units, r.data.unit)}　${state ? (state.status === 'closed' ? '（已结账）' : '（未结账）') : ''}`,
      meta: [null, <>期间：{r.data.period}</>, '单位：元'],
      built,
      geometry: A4_LANDSCAPE_REPORT,
      fileName: `折旧汇总表 ${r.data.period}`,
      closing: (
        <>
          <div>
            记账分录：借：业务活动费用 / 单位管理费用（按使用部门）　贷：1602 固定资产累计折旧　金额合计（大写）：人民币{toChineseCapitals(built.totalFen)}
          </div>
          <Signatures names={['财务负责人', '复核', '记账', '制表人']} />
        </>
      ),
    };
  }, [r.data, units, state]);
  return (
    <ReportPanel
      busy={r.busy}
      error={r.error}
      printable={printable}
      onRun={() => void r.run(async () => ({ rows: await send('depreciation.summary', unit ? { period, unitCode: unit } : { period }), period, unit }))}
      params={
        <>
          <label className="toolbar-field">
            {t('reports.period')}
            <input type="month" data-testid="report-period" value={period} onChange={(e) => setPeriod(e.target.value)} list="report-periods" />
            <datalist id="report-periods">
              {periods.map((p) => (
                <option key={p.period} value={p.period} />
              ))}
            </datalist>
          </label>
          <UnitSelect units={units} value={unit} onChange={setUnit} />
          {periods.length === 0 && <span className="muted">{t('reports.noRuns')}</span>}
        </>
      }
    />
  );
}

// ---- 单资产折旧明细 --------------------------------------------------------------------------

function SchedulePanel() {
  const { t } = useT();
  const [code, setCode] = useState('');
  const [through, setThrough] = useState('');
  const r = useRunner<{ card: AssetCard; lines: Awaited<ReturnType<typeof send<'assets.schedule'>>> }>();
  const printable = useMemo<Printable | null>(() => {
    if (!r.data) return null;
    const { card, lines } = r.data;
    return {
      title: '固定资产折旧明细表',
      subtitle: `${card.code}　${card.name}　${card.unitName}`,
      meta: [null, <>原值 {formatMoney(card.costFen)} · {t(`assets.depMethods.${card.depMethod}`, { defaultValue: card.depMethod })} · {card.lifeMonths} 个月 · 入账 {card.bookedOn}</>, '单位：元'],
      built: scheduleReport(lines),
      geometry: A4_PORTRAIT_REPORT,
      fileName: `折旧明细表 ${card.code}`,
      closing: <Signatures names={['资产管理员', '财务负责人', '制表人']} />,
    };
  }, [r.data, t]);
  return (
    <ReportPanel
      busy={r.busy}
      error={r.error}
      printable={printable}
      empty={t('reports.scheduleHint')}
      onRun={() =>
        void r.run(async () => {
          const c = code.trim();
          const [card, lines] = await Promise.all([send('assets.show', { code: c }), send('assets.schedule', through ? { code: c, through } : { code: c })]);
          return { card, lines };
        })
      }
      params={
        <>
          <label className="toolbar-field">
            {t('reports.assetCode')}
            <input type="text" data-testid="report-code" value={code} placeholder="QHZC-000123" onChange={(e) => setCode(e.target.value)} />
          </label>
          <label className="toolbar-field">
            {t('reports.through')}
            <input type="month" data-testid="report-through" value={through} onChange={(e) => setThrough(e.target.value)} />
          </label>
        </>
      }
    />
  );
}
