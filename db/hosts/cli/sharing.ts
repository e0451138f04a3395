import type { ParseArgsConfig } from 'node:util';
import type { ArgsIn, MethodName, ResultOf } from '../../../shared/api';
import { LedgerError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import type { Ledger } from '../../engine/ledger';

// `ledger assets share | share-end | usage | shares | usage-summary | idle`: shared use of equipment
// between member units and the idle-asset pool (shared/api/sharing.ts). Listed in main.ts's COMMANDS.

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;
type Call = <K extends MethodName>(ledger: Ledger, method: K, args: ArgsIn<K>) => Promise<ResultOf<K>>;

interface SharingCommand {
  name: string;
  usage: string;
  summary: string;
  options?: Options;
  positionals?: number;
  opensLedger?: boolean;
  run(ctx: { values: Values; args: string[]; ledger: Ledger | null; db: string; json: boolean }): Promise<{ doc: unknown; text: string; exitCode?: number }>;
}

function required(values: Values, name: string, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new LedgerError('VALIDATION', `请用 --${name} 指定${what}`, { key: 'error.usage' });
  return v;
}

/** A number option as typed; anything that is not a number goes to the engine as NaN and is refused there with the field named. */
function num(values: Values, name: string): number | undefined {
  const v = values[name];
  return typeof v === 'string' ? Number(v.trim() === '' ? Number.NaN : v) : undefined;
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function shareLine(s: ResultOf<'sharing.start'>): string {
  const fee = s.feeRateFen ? `，${formatMoney(s.feeRateFen, { symbol: true })}/${s.usageUnit}` : '，无偿';
  return `${s.no}\t${s.assetCode} ${s.assetName}\t${s.lenderUnitName} → ${s.borrowerUnitName}${s.borrowerDeptName ? ` ${s.borrowerDeptName}` : ''}\t${s.startsOn} 至 ${s.endedOn ?? s.until ?? '（未约定）'}\t${s.status === 'active' ? '共享中' : '已结束'}\t使用 ${s.usageRecords} 条 ${s.usageAmount} ${s.usageUnit}${fee}`;
}

export function sharingCommands(call: Call): SharingCommand[] {
  return [
    {
      name: 'assets share',
      usage: 'assets share CODE --to UNIT --from YYYY-MM-DD [--until YYYY-MM-DD] [--doc NO] [--dept CODE] [--usage-unit 次|小时|人次] [--rate-fen N] [--note TEXT] [--db FILE] [--json]',
      summary: '共享共用：把资产借给其他成员单位使用一段时间（资产仍在本单位账上，期间使用状况为“出租出借”）；--rate-fen 为每计量单位收费（分），默认无偿',
      options: { to: { type: 'string' }, from: { type: 'string' }, until: { type: 'string' }, doc: { type: 'string' }, dept: { type: 'string' }, 'usage-unit': { type: 'string' }, 'rate-fen': { type: 'string' }, note: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const s = await call(ledger!, 'sharing.start', {
          code: args[0]!,
          toUnitCode: required(values, 'to', '借用单位编码'),
          from: required(values, 'from', '开始日期 YYYY-MM-DD'),
          until: str(values, 'until'),
          docNo: str(values, 'doc'),
          usingDeptCode: str(values, 'dept'),
          usageUnit: str(values, 'usage-unit') as never,
          feeRateFen: num(values, 'rate-fen'),
          notes: str(values, 'note'),
        });
        return { doc: s, text: `已共享：${shareLine(s)}` };
      },
    },
    {
      name: 'assets share-end',
      usage: 'assets share-end ID --date YYYY-MM-DD [--note TEXT] [--db FILE] [--json]',
      summary: '结束共享（归还）：ID 为共享编号（如 GX2026-0001）或共享 id；资产恢复出借前的使用状况',
      options: { date: { type: 'string' }, note: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const s = await call(ledger!, 'sharing.end', { share: args[0]!, date: required(values, 'date', '结束日期 YYYY-MM-DD'), note: str(values, 'note') });
        return { doc: s, text: `已结束共享：${shareLine(s)}` };
      },
    },
    {
      name: 'assets usage',
      usage: 'assets usage ID --date YYYY-MM-DD --amount N [--patients N] [--note TEXT] [--db FILE] [--json]',
      summary: '登记共享设备的一条使用记录：--amount 为使用量（按该共享的计量单位：次、小时或人次，最多两位小数）',
      options: { date: { type: 'string' }, amount: { type: 'string' }, patients: { type: 'string' }, note: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        required(values, 'amount', '使用量');
        const u = await call(ledger!, 'sharing.recordUsage', {
          share: args[0]!,
          date: required(values, 'date', '使用日期 YYYY-MM-DD'),
          amount: num(values, 'amount')!,
          patients: num(values, 'patients'),
          note: str(values, 'note'),
        });
        return { doc: u, text: `已登记：${u.shareNo} ${u.usedOn} ${u.amount} ${u.usageUnit}${u.patients !== null ? `，${u.patients} 人次` : ''}${u.feeFen ? `，费用 ${formatMoney(u.feeFen, { symbol: true })}` : ''}` };
      },
    },
    {
      name: 'assets shares',
      usage: 'assets shares [--status active|ended|all] [--unit CODE] [--asset CODE] [--db FILE] [--json]',
      summary: '列出共享记录（出借或借用的单位为 --unit），含使用量与费用合计',
      options: { status: { type: 'string' }, unit: { type: 'string' }, asset: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const rows = await call(ledger!, 'sharing.list', { status: (str(values, 'status') ?? 'all') as never, unitCode: str(values, 'unit'), assetCode: str(values, 'asset') });
        return { doc: rows, text: [...rows.map(shareLine), `共 ${rows.length} 条共享记录`].join('\n') };
      },
    },
    {
      name: 'assets usage-summary',
      usage: 'assets usage-summary --from YYYY-MM-DD --to YYYY-MM-DD [--by share|asset|lender|borrower] [--unit CODE] [--db FILE] [--json]',
      summary: '共享设备使用汇总：按共享、资产、出借单位或借用单位，分计量单位合计使用量、人次与费用（分）',
      options: { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, unit: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const r = await call(ledger!, 'sharing.usageSummary', {
          from: required(values, 'from', '开始日期'),
          to: required(values, 'to', '截止日期'),
          groupBy: (str(values, 'by') ?? 'share') as never,
          unitCode: str(values, 'unit'),
        });
        const text = [
          `共享设备使用汇总 ${r.from} 至 ${r.to}`,
          ...r.rows.map((x) => `${x.key}\t${x.label}\t${x.amount} ${x.usageUnit}\t${x.records} 条\t${x.patients} 人次\t${formatMoney(x.feeFen, { symbol: true })}`),
          `合计 ${r.totals.records} 条，${r.totals.patients} 人次，费用 ${formatMoney(r.totals.feeFen, { symbol: true })}`,
        ].join('\n');
        return { doc: r, text };
      },
    },
    {
      name: 'assets idle',
      usage: 'assets idle [--unit CODE] [--class 分类代码前缀] [--as-of YYYY-MM-DD] [--db FILE] [--json]',
      summary: '闲置资产调剂池：全医共体使用状况为“闲置”的资产，含原值、净值、闲置起始日与天数，闲置最久的在前',
      options: { unit: { type: 'string' }, class: { type: 'string' }, 'as-of': { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const r = await call(ledger!, 'sharing.idle', { unitCode: str(values, 'unit'), classPrefix: str(values, 'class'), asOf: str(values, 'as-of') });
        const text = [
          `闲置资产调剂池（截至 ${r.asOf}）`,
          ['资产编号', '资产名称', '分类', '单位', '原值', '净值', '闲置起始', '闲置天数', '申请'].join('\t'),
          ...r.rows.map((x) => [x.code, x.name, x.className ?? x.classCode, x.unitName, formatMoney(x.costFen), formatMoney(x.netFen), `${x.idleSince}${x.idleSinceBasis === 'registered' ? '（入账时即闲置）' : x.idleSinceBasis === 'opening' ? '（迁移时已闲置）' : ''}`, x.idleDays, x.pendingRequests].join('\t')),
          `合计 ${r.totals.assets} 件\t原值 ${formatMoney(r.totals.costFen)}\t净值 ${formatMoney(r.totals.netFen)}`,
        ].join('\n');
        return { doc: r, text };
      },
    },
  ];
}
