// 资产盘点表: the printable count sheet, one set of A4 pages per location, for a township office
// that counts on paper. Each row carries the asset's QR code (the same symbol as its label, from
// print/qr.ts) so a phone or scanner can read it off the sheet, the book facts, and boxes for the
// result (□在 □无) and the actual location / user; each location ends with blank rows for items
// found that are not on the book, and the signatures. Pages come from print/layout.ts.
import { useMemo } from 'react';
import type { CountDetail, CountResultRow } from '../../../shared/api/counts';
import { QrCode } from '../print/Labels';
import { rowsPerPage, splitPages, type ReportGeometry } from '../print/layout';

/** A4 portrait, 12 mm rows (room for a 10 mm QR code): 19 rows a page. */
export const COUNT_SHEET: ReportGeometry = { paperW: 210, paperH: 297, margin: 10, headerH: 24, theadH: 8, footerH: 9, rowH: 12, closingH: 20 };
/** Blank rows for found items (盘盈) at the end of each location. */
export const BLANK_ROWS = 4;

export interface SheetLine {
  kind: 'asset' | 'blank';
  row?: CountResultRow;
}

export interface SheetPage {
  location: string;
  lines: SheetLine[];
  /** Page i of n within this location. */
  page: number;
  pages: number;
  last: boolean;
}

/** Rows grouped by book location (in the list's order), each location paginated on its own. */
export function countSheetPages(rows: readonly CountResultRow[], g: ReportGeometry = COUNT_SHEET, blank = BLANK_ROWS): SheetPage[] {
  const groups = new Map<string, CountResultRow[]>();
  for (const r of rows) {
    const k = r.bookLocation ?? '';
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(r);
  }
  const per = rowsPerPage(g);
  const out: SheetPage[] = [];
  for (const [location, list] of groups) {
    const lines: SheetLine[] = [...list.map((row): SheetLine => ({ kind: 'asset', row })), ...Array.from({ length: blank }, (): SheetLine => ({ kind: 'blank' }))];
    const pages = splitPages(lines, per, Math.ceil(g.closingH / g.rowH));
    pages.forEach((p, i) => out.push({ location, lines: p, page: i + 1, pages: pages.length, last: i === pages.length - 1 }));
  }
  return out;
}

const COLS: { key: string; label: string; width: number }[] = [
  { key: 'seq', label: '序号', width: 7 },
  { key: 'qr', label: '二维码', width: 10 },
  { key: 'asset', label: '资产编号 / 名称', width: 28 },
  { key: 'model', label: '规格型号', width: 15 },
  { key: 'book', label: '使用科室 / 使用人', width: 17 },
  { key: 'status', label: '账面状况', width: 10 },
  { key: 'result', label: '盘点结果', width: 20 },
  { key: 'actual', label: '实际地点 / 使用人', width: 26 },
  { key: 'note', label: '备注', width: 12 },
];

export function CountSheets({ count, rows, communityName, printedAt }: { count: CountDetail; rows: readonly CountResultRow[]; communityName: string; printedAt: string }) {
  const g = COUNT_SHEET;
  const pages = useMemo(() => countSheetPages(rows), [rows]);
  const widthSum = COLS.reduce((s, c) => s + c.width, 0);
  const contentH = g.paperH - 2 * g.margin;
  const qrMm = g.rowH - 2;
  return (
    <>
      {pages.map((p, i) => (
        <div key={i} className="print-page report-page count-sheet" data-testid="count-sheet-page" data-location={p.location} style={{ width: `${g.paperW}mm`, height: `${g.paperH}mm`, padding: `${g.margin}mm` }}>
          <div className="report-head" style={{ height: `${g.headerH}mm` }}>
            <h1 className="report-title print-serif">资产盘点表</h1>
            <div className="report-subtitle">
              {count.unitName}　存放地点：<b>{p.location || '（未填写地点）'}</b>
            </div>
            <div className="report-meta">
              <span>编制单位：{communityName}</span>
              <span>
                盘点任务：{count.no} {count.name}　盘点基准日：{count.referenceDate}
              </span>
              <span>
                本地点第 {p.page} / {p.pages} 页
              </span>
            </div>
          </div>
          <table className="report-table count-sheet-table">
            <colgroup>
              {COLS.map((c) => (
                <col key={c.key} style={{ width: `${(100 * c.width) / widthSum}%` }} />
              ))}
            </colgroup>
            <thead>
              <tr style={{ height: `${g.theadH}mm` }}>
                {COLS.map((c) => (
                  <th key={c.key}>{c.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.lines.map((l, j) =>
                l.kind === 'asset' && l.row ? (
                  <tr key={j} style={{ height: `${g.rowH}mm` }} data-testid="count-sheet-row" data-code={l.row.code}>
                    <td className="print-num">{l.row.seq}</td>
                    <td className="count-sheet-qr">
                      <QrCode text={l.row.code} sizeMm={qrMm} testId="count-sheet-qr" />
                    </td>
                    <td>
                      <div className="print-code count-sheet-code">{l.row.code}</div>
                      <div className="count-sheet-name">{l.row.name}</div>
                    </td>
                    <td>{l.row.model ?? ''}</td>
                    <td>
                      <div>{l.row.deptName ?? ''}</div>
                      <div>{l.row.bookUser ?? ''}</div>
                    </td>
                    <td style={{ textAlign: 'center' }}>{l.row.bookStatus}</td>
                    <td className="count-sheet-boxes">□在　□无</td>
                    <td />
                    <td />
                  </tr>
                ) : (
                  <tr key={j} style={{ height: `${g.rowH}mm` }} className="count-sheet-blank">
                    <td />
                    <td />
                    <td className="count-sheet-hint">账外物品：名称</td>
                    <td />
                    <td />
                    <td />
                    <td className="count-sheet-boxes">盘盈</td>
                    <td />
                    <td />
                  </tr>
                ),
              )}
            </tbody>
          </table>
          {p.last && (
            <div className="report-closing">
              <div>说明：在「盘点结果」勾选 在 / 无；实际地点、使用人与账面相同时不填。账外物品请写明名称、规格型号和说明。</div>
              <div className="report-signatures">
                <span>盘点人：</span>
                <span>监盘人：</span>
                <span>使用科室负责人：</span>
                <span>日期：</span>
              </div>
            </div>
          )}
          <div className="report-footer" style={{ top: `${g.margin + contentH - g.footerH + 3}mm`, padding: `0 ${g.margin}mm` }}>
            <span>打印时间：{printedAt}</span>
            <span data-testid="report-page-no">
              第 {i + 1} 页 共 {pages.length} 页
            </span>
            <span>{count.no}</span>
          </div>
        </div>
      ))}
    </>
  );
}
