// 清查报告: 资产清查明细表 and 资产盘盈盘亏汇总表 on screen, printed (A4 landscape, paginated with
// print/ReportDocument) and exported (.xlsx from the engine, both sheets), signed by the unit head.
import { useEffect, useMemo, useState } from 'react';
import type { CountDetail, CountReport } from '../../../shared/api/counts';
import { toChineseCapitals } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../format';
import { downloadExport } from '../../grid/files';
import { errorText, useT } from '../../i18n';
import { A4_LANDSCAPE_REPORT } from '../print/layout';
import { PrintPreview } from '../print/PrintPreview';
import { ReportDocument } from '../print/ReportDocument';
import '../reports/reports.css';
import { countDetailReport, countSummaryReport } from './report-builders';

const SCREEN_LINES = 500;

export function ReportPanel({ count }: { count: CountDetail }) {
  const { t, lang } = useT();
  const { communityName } = useSession();
  const [which, setWhich] = useState<'summary' | 'detail'>('summary');
  const [rep, setRep] = useState<CountReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    send('counts.report', { id: count.id }).then(setRep, (err: unknown) => setError(errorText(asLedgerError(err), lang)));
  }, [count.id, lang]);
  const built = useMemo(() => (rep ? (which === 'summary' ? countSummaryReport(rep) : countDetailReport(rep)) : null), [rep, which]);
  const title = which === 'summary' ? '资产盘盈盘亏汇总表' : '资产清查明细表';

  const exportXlsx = async () => {
    setBusy(true);
    try {
      downloadExport(await send('counts.exportReport', { id: count.id }));
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  };

  const meta = (
    <>
      盘点任务：{count.no} {count.name}　盘点基准日：{count.referenceDate}
    </>
  );
  const closing = rep ? (
    <>
      <div>
        盘亏净值合计（大写）：人民币{toChineseCapitals(rep.totals.shortage.netFen)}　盘盈价值合计（大写）：人民币{toChineseCapitals(rep.totals.surplus.valueFen)}
      </div>
      <div className="report-signatures">
        <span>单位负责人：</span>
        <span>财务负责人：</span>
        <span>资产管理员：</span>
        <span>盘点人：</span>
        <span>监盘人：</span>
      </div>
    </>
  ) : null;

  return (
    <div className="report-panel grid-panel" data-testid="count-report">
      <div className="grid-toolbar">
        <label className="toolbar-field">
          {t('counts.reportKind')}
          <select data-testid="count-report-kind" value={which} onChange={(e) => setWhich(e.target.value as 'summary' | 'detail')}>
            <option value="summary">{t('counts.reportSummary')}</option>
            <option value="detail">{t('counts.reportDetail')}</option>
          </select>
        </label>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" data-testid="count-report-export" disabled={busy} onClick={() => void exportXlsx()}>
          {t('counts.exportReport')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="count-report-print" disabled={!built} onClick={() => setPrinting(true)}>
          {t('reports.print')}
        </button>
      </div>
      <div className="report-screen-body">
        {error && <div className="grid-load-error">{error}</div>}
        {!error && !built && <div className="muted">{t('common.loading')}</div>}
        {built && (
          <>
            <div className="report-screen-head">
              <b>{title}</b>
              <span>{count.unitName}</span>
              <span className="muted">{meta}</span>
            </div>
            <table className="report-screen-table" data-testid="count-report-table">
              <thead>
                <tr>
                  {built.columns.map((c) => (
                    <th key={c.key}>{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...built.lines.slice(0, SCREEN_LINES), built.total].map((l, i) => (
                  <tr key={i} className={l.kind === 'row' ? undefined : `report-${l.kind}`}>
                    {built.columns.map((c) => (
                      <td key={c.key} className={c.align === 'right' ? 'num' : undefined} style={c.align === 'center' ? { textAlign: 'center' } : undefined}>
                        {l.cells[c.key] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {built.lines.length > SCREEN_LINES && <div className="muted report-more">{t('reports.more', { shown: SCREEN_LINES, n: built.lines.length })}</div>}
          </>
        )}
      </div>
      {printing && built && (
        <PrintPreview title={title} fileName={`${title} ${count.no}`} pageSize="A4 landscape" onClose={() => setPrinting(false)}>
          <ReportDocument
            title={title}
            subtitle={`${count.unitName}（${count.unitCode}）`}
            meta={[<>编制单位：{communityName ?? ''}</>, meta, '单位：元']}
            columns={built.columns}
            lines={built.lines}
            total={built.total}
            closing={closing}
            geometry={A4_LANDSCAPE_REPORT}
            printedAt={formatDateTime(new Date().toISOString())}
          />
        </PrintPreview>
      )}
    </div>
  );
}
