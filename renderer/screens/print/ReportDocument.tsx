// A printed report: pages of one fixed geometry, each with the title, the meta line (编制单位 ·
// 截止日期/期间 · 单位：元), the table header repeated, and the footer (第 i 页 共 n 页, 打印时间);
// the totals row and the closing block (amount in capitals, signatures) on the last page.
// Pagination is computed (layout.ts), not left to the browser: rows have a fixed height.
import { useMemo, type ReactNode } from 'react';
import { rowsPerPage, splitPages, type ReportGeometry } from './layout';

export interface ReportColumn {
  key: string;
  label: string;
  /** Relative width (the table is the page's full width). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface ReportLine {
  kind: 'row' | 'subtotal' | 'total';
  cells: Record<string, string>;
}

export interface ReportDocumentProps {
  title: string;
  subtitle?: string;
  /** Left, middle and right of the meta line above the table. */
  meta: [ReactNode, ReactNode, ReactNode];
  columns: ReportColumn[];
  lines: readonly ReportLine[];
  total?: ReportLine;
  /** Below the table on the last page (amount in words, signatures). */
  closing?: ReactNode;
  geometry: ReportGeometry;
  printedAt: string;
  testId?: string;
}

export function ReportDocument({ title, subtitle, meta, columns, lines, total, closing, geometry: g, printedAt, testId = 'report-page' }: ReportDocumentProps) {
  const per = rowsPerPage(g);
  const reserve = (total ? 1 : 0) + (closing ? Math.ceil(g.closingH / g.rowH) : 0);
  const pages = useMemo(() => splitPages(lines, per, reserve), [lines, per, reserve]);
  const widthSum = columns.reduce((s, c) => s + c.width, 0);
  const contentH = g.paperH - 2 * g.margin;

  const row = (l: ReportLine, i: number | string) => (
    <tr key={i} className={l.kind === 'row' ? undefined : `report-${l.kind}`} style={{ height: `${g.rowH}mm` }} data-kind={l.kind}>
      {columns.map((c) => (
        <td key={c.key} className={c.align === 'right' ? 'print-num' : undefined} style={c.align === 'center' ? { textAlign: 'center' } : undefined} title={l.cells[c.key]}>
          {l.cells[c.key] ?? ''}
        </td>
      ))}
    </tr>
  );

  return (
    <>
      {pages.map((pageLines, p) => {
        const last = p === pages.length - 1;
        return (
          <div
            key={p}
            className="print-page report-page"
            data-testid={testId}
            style={{ width: `${g.paperW}mm`, height: `${g.paperH}mm`, padding: `${g.margin}mm` }}
          >
            <div className="report-head" style={{ height: `${g.headerH}mm` }}>
              <h1 className="report-title print-serif">{title}</h1>
              {subtitle && <div className="report-subtitle">{subtitle}</div>}
              <div className="report-meta">
                <span>{meta[0]}</span>
                <span>{meta[1]}</span>
                <span>{meta[2]}</span>
              </div>
            </div>
            <table className="report-table">
              <colgroup>
                {columns.map((c) => (
                  <col key={c.key} style={{ width: `${(100 * c.width) / widthSum}%` }} />
                ))}
              </colgroup>
              <thead>
                <tr style={{ height: `${g.theadH}mm` }}>
                  {columns.map((c) => (
                    <th key={c.key}>{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {pageLines.map((l, i) => row(l, i))}
                {last && total && row(total, 'total')}
              </tbody>
            </table>
            {last && closing && <div className="report-closing">{closing}</div>}
            <div className="report-footer" style={{ top: `${g.margin + contentH - g.footerH + 3}mm`, padding: `0 ${g.margin}mm` }}>
              <span>打印时间：{printedAt}</span>
              <span data-testid="report-page-no">
                第 {p + 1} 页 共 {pages.length} 页
              </span>
              <span>{title}</span>
            </div>
          </div>
        );
      })}
    </>
  );
}
