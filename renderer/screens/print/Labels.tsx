// Asset labels (资产标签) on label sheets: the community's name, a QR code of the asset number
// (what the count scanner reads), the number in plain text, name, unit, 使用部门 and 入账日期.
import { useMemo } from 'react';
import { labelOrigin, paginateLabels, type LabelSheet } from './layout';
import { qrShape } from './qr';

export interface LabelItem {
  code: string;
  name: string;
  unitName: string;
  usingDeptName: string | null;
  bookedOn: string;
}

export function QrCode({ text, sizeMm, testId }: { text: string; sizeMm: number; testId?: string }) {
  const shape = useMemo(() => qrShape(text), [text]);
  return (
    <svg
      className="asset-label-qr"
      data-testid={testId}
      data-qr={text}
      width={`${sizeMm}mm`}
      height={`${sizeMm}mm`}
      viewBox={`0 0 ${shape.box} ${shape.box}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={text}
    >
      <rect width={shape.box} height={shape.box} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}

/** Type sizes per label height (mm): bigger labels get bigger print. */
function metrics(s: LabelSheet) {
  const pad = s.labelH >= 50 ? 3.5 : 2.4;
  const head = s.labelH >= 50 ? 5 : 3.9;
  const font = s.labelH >= 50 ? 3.4 : 2.55;
  const qr = Math.min(s.labelH - 2 * pad - head - 1.6, s.labelW * 0.45);
  return { pad, head, font, qr };
}

export function AssetLabel({ item, sheet, communityName, outlined, x, y }: { item: LabelItem; sheet: LabelSheet; communityName: string; outlined: boolean; x: number; y: number }) {
  const m = metrics(sheet);
  return (
    <div
      className={`asset-label${outlined ? ' outlined' : ''}`}
      data-testid="asset-label"
      data-code={item.code}
      style={{ left: `${x}mm`, top: `${y}mm`, width: `${sheet.labelW}mm`, height: `${sheet.labelH}mm`, padding: `${m.pad}mm`, fontSize: `${m.font}mm` }}
    >
      <div className="asset-label-head" style={{ height: `${m.head}mm`, fontSize: `${m.font * 1.08}mm` }}>
        <span className="asset-label-community" data-testid="label-community">
          {communityName}
        </span>
        <span className="asset-label-kind">固定资产标签</span>
      </div>
      <div className="asset-label-body">
        <QrCode text={item.code} sizeMm={m.qr} testId="label-qr" />
        <div className="asset-label-fields">
          <div className="asset-label-code print-code" data-testid="label-code" style={{ fontSize: `${m.font * 1.2}mm` }}>
            {item.code}
          </div>
          <div className="asset-label-name" data-testid="label-name">
            {item.name}
          </div>
          <div className="asset-label-field" data-testid="label-unit">
            <b>单位：</b>
            {item.unitName}
          </div>
          <div className="asset-label-field">
            <b>部门：</b>
            {item.usingDeptName ?? '—'}
          </div>
          <div className="asset-label-field">
            <b>入账：</b>
            {item.bookedOn}
          </div>
        </div>
      </div>
    </div>
  );
}

/** The sheets: one `.print-page` per sheet, labels placed at the sheet's die-cut positions. */
export function LabelSheets({ items, sheet, skip, communityName, outlined }: { items: readonly LabelItem[]; sheet: LabelSheet; skip: number; communityName: string; outlined: boolean }) {
  const pages = useMemo(() => paginateLabels(items, sheet, skip), [items, sheet, skip]);
  return (
    <>
      {pages.map((slots, p) => (
        <div key={p} className="print-page label-page" data-testid="label-page" style={{ width: `${sheet.paperW}mm`, height: `${sheet.paperH}mm` }}>
          {slots.map((item, i) => {
            if (!item) return null;
            const { x, y } = labelOrigin(sheet, i);
            return <AssetLabel key={`${p}-${i}`} item={item} sheet={sheet} communityName={communityName} outlined={outlined} x={x} y={y} />;
          })}
        </div>
      ))}
    </>
  );
}
