// The printed asset card (固定资产卡片), one A4 sheet per card in the usual government layout:
// a ruled table of every card field, the funding split, custody, the depreciation figures with
// the cost in capitals, the card's history, and the signature lines.
import type { ReactNode } from 'react';
import type { AssetCard } from '../../../shared/api/assets';
import { formatMoney, toChineseCapitals } from '../../../shared/money';
import { formatDateTime } from '../../format';
import { describeEvent, type NameMaps } from '../assets/history';
import { zh } from '../../i18n/zh';
import { QrCode } from './Labels';

const money = (fen: number) => formatMoney(fen);
const text = (v: string | number | null | undefined): ReactNode => (v === null || v === undefined || v === '' ? '' : v);

/** Printed forms are Chinese documents whatever the UI language: field names from the zh resources. */
const FIELD = (f: string) => zh.assets.fields[f] ?? f;
const EVENT = (type: string) => zh.assets.events[type] ?? type;
const DEP_METHOD = (m: string) => zh.assets.depMethods[m] ?? m;

function Row({ cells }: { cells: [string, ReactNode, number?][] }) {
  return (
    <tr>
      {cells.map(([label, value, span], i) => (
        <Cell key={i} label={label} value={value} span={span ?? 1} />
      ))}
    </tr>
  );
}

function Cell({ label, value, span }: { label: string; value: ReactNode; span: number }) {
  return (
    <>
      <th>{label}</th>
      <td colSpan={span * 2 - 1}>{value}</td>
    </>
  );
}

function Section({ title }: { title: string }) {
  return (
    <tr>
      <th colSpan={6} className="card-section">
        {title}
      </th>
    </tr>
  );
}

export interface CardSheetProps {
  card: AssetCard;
  communityName: string;
  names: NameMaps;
  /** department code → name within the card's unit (管理部门 is stored as a code). */
  deptName: (unitCode: string, code: string | null) => string | null;
  printedOn: string;
}

export function CardSheet({ card, communityName, names, deptName, printedOn }: CardSheetProps) {
  const remaining = Math.max(0, card.lifeMonths - card.monthsDepreciated);
  const fundTotal = card.fundFiscalFen + card.fundResearchFen + card.fundOwnFen + card.fundOtherFen;
  return (
    <div className="print-page card-sheet print-serif" data-testid="card-sheet" data-code={card.code}>
      <h1>固定资产卡片</h1>
      <div className="card-sheet-head">
        <div className="card-sheet-meta">
          <span>编制单位：{communityName}</span>
          <span>
            所属单位：{card.unitName}（{card.unitCode}）
          </span>
          <span>
            卡片编号：<b className="print-code">{card.code}</b>　　打印日期：{printedOn}　　金额单位：元
          </span>
        </div>
        <QrCode text={card.code} sizeMm={24} testId="card-qr" />
      </div>
      <table>
        <colgroup>
          <col style={{ width: '14%' }} />
          <col style={{ width: '19.3%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '19.3%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '19.4%' }} />
        </colgroup>
        <tbody>
          <Section title="一、基本信息" />
          <Row cells={[['资产编号', <b className="print-code">{card.code}</b>], ['原资产编号', text(card.oldCode)], ['价值类型', card.valueType]]} />
          <Row cells={[['资产名称', <b>{card.name}</b>, 2], ['取得方式', card.acquisitionMethod]]} />
          <Row cells={[['分类代码', `${card.classCode}${card.classScheme === 'GB2010' ? '（2010版）' : ''}`], ['分类名称', text(card.className), 2]]} />
          <Row cells={[['品牌', text(card.brand)], ['规格型号', text(card.model), 2]]} />
          <Row cells={[['数量/单位', `${card.quantity}${card.measureUnit ? ` ${card.measureUnit}` : ''}`], ['生产厂家', text(card.manufacturer), 2]]} />
          <Row cells={[['供应商', text(card.supplier), 2], ['保修截止', text(card.warrantyUntil)]]} />
          <Row cells={[['取得日期', text(card.acquiredOn)], ['投入使用日期', text(card.inServiceOn)], ['财务入账日期', card.bookedOn]]} />
          <Row cells={[['会计凭证号', text(card.voucherNo)], ['使用状况', <b>{card.status}</b>], ['处置', card.disposedOn ? `${card.disposalType ?? ''} ${card.disposedOn}` : '']]} />

          <Section title="二、价值与折旧" />
          <Row cells={[['原值', <span className="print-num" data-testid="card-print-cost">{money(card.costFen)}</span>], ['原值（大写）', <span className="card-capitals">人民币{toChineseCapitals(card.costFen)}</span>, 2]]} />
          <Row
            cells={[
              ['累计折旧', <span className="print-num">{money(card.accumulatedFen)}</span>],
              ['净值', <span className="print-num" data-testid="card-print-net">{money(card.netFen)}</span>],
              ['折旧方法', DEP_METHOD(card.depMethod)],
            ]}
          />
          <Row
            cells={[
              ['折旧年限', `${card.lifeMonths} 个月（${(card.lifeMonths / 12).toFixed(card.lifeMonths % 12 ? 1 : 0)} 年）`],
              ['已提月数', `${card.monthsDepreciated} 个月`],
              ['尚可使用', card.status === '已处置' ? '' : `${remaining} 个月`],
            ]}
          />
          <Row
            cells={[
              ['期初累计折旧', card.openingAccumulatedFen > 0 || card.openingPeriod ? <span className="print-num">{money(card.openingAccumulatedFen)}</span> : ''],
              ['期初所属期间', text(card.openingPeriod)],
              ['下次计提期间', card.status === '已处置' ? '' : card.nextPeriod],
            ]}
          />

          <Section title="三、资金来源" />
          <Row cells={[['财政补助', <span className="print-num">{money(card.fundFiscalFen)}</span>], ['科教项目', <span className="print-num">{money(card.fundResearchFen)}</span>], ['医疗收入(自有)', <span className="print-num">{money(card.fundOwnFen)}</span>]]} />
          <Row cells={[['其他', <span className="print-num">{money(card.fundOtherFen)}</span>], ['合计', <span className="print-num">{money(fundTotal)}</span>, 2]]} />

          <Section title="四、使用与保管" />
          <Row cells={[['所属单位', card.unitName, 2], ['管理部门', text(deptName(card.unitCode, card.managingDeptCode))]]} />
          <Row cells={[['使用部门', text(card.usingDeptName)], ['使用人', text(card.userName)], ['存放地点', text(card.location)]]} />
          <Row cells={[['备注', text(card.remarks), 3]]} />
        </tbody>
      </table>

      <table className="card-history" data-testid="card-print-history">
        <colgroup>
          <col style={{ width: '13%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '44%' }} />
          <col style={{ width: '15%' }} />
        </colgroup>
        <thead>
          <tr>
            <th colSpan={5} className="card-section">
              五、变动记录
            </th>
          </tr>
          <tr>
            <th>日期</th>
            <th>类型</th>
            <th>文号</th>
            <th>变动内容</th>
            <th>经办人</th>
          </tr>
        </thead>
        <tbody>
          {card.events.length === 0 && (
            <tr>
              <td colSpan={5} style={{ textAlign: 'center' }}>
                无
              </td>
            </tr>
          )}
          {card.events.map((e) => (
            <tr key={e.id} data-testid="card-print-event">
              <td>{e.effectiveOn}</td>
              <td>{EVENT(e.type)}</td>
              <td>{text(e.docNo)}</td>
              <td className="card-history-change">{describeEvent(e, FIELD, names).join('\n')}</td>
              <td>
                {e.createdBy}
                <br />
                <small>{formatDateTime(e.createdAt)}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="card-signatures">
        <span>资产管理员：</span>
        <span>使用部门负责人：</span>
        <span>财务负责人：</span>
        <span>日期：</span>
      </div>
    </div>
  );
}
