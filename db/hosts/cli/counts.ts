import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { ArgsIn, MethodName, ResultOf } from '../../../shared/api';
import { COUNT_CLASS_ZH } from '../../../shared/domain/count';
import { LedgerError } from '../../../shared/errors';
import { formatMoney, parseMoney } from '../../../shared/money';
import type { Ledger } from '../../engine/ledger';

// `ledger count …`, `ledger gl import`, `ledger reconcile gl`: inventory counts and 账账核对
// (issue #4, shared/api/counts.ts). Listed in main.ts's COMMANDS.

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;
type Call = <K extends MethodName>(ledger: Ledger, method: K, args: ArgsIn<K>) => Promise<ResultOf<K>>;

interface CountCommand {
  name: string;
  usage: string;
  summary: string;
  options?: Options;
  positionals?: number;
  variadic?: boolean;
  opensLedger?: boolean;
  run(ctx: { values: Values; args: string[]; ledger: Ledger | null; db: string; json: boolean }): Promise<{ doc: unknown; text: string; exitCode?: number }>;
}

function required(values: Values, name: string, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new LedgerError('VALIDATION', `请用 --${name} 指定${what}`, { key: 'error.usage' });
  return v;
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable option (`--location A --location B`), also accepting comma-separated values. */
function list(values: Values, name: string): string[] {
  const v = values[name] as unknown;
  const all = Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
  return all.flatMap((x) => x.split(/[,，]/)).map((x) => x.trim()).filter(Boolean);
}

function yuan(values: Values, name: string): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const r = parseMoney(v);
  if (!r.ok || r.fen < 0) throw new LedgerError('VALIDATION', `--${name}：${r.ok ? '不能为负数' : r.message}`, { key: 'error.usage' });
  return r.fen;
}

function upload(file: string, values: Values) {
  if (!fs.existsSync(file)) throw new LedgerError('NOT_FOUND', `文件不存在：${file}`, { key: 'error.fileMissing' });
  return { fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64'), skipInvalid: Boolean(values['skip-invalid']), dryRun: Boolean(values['dry-run']) };
}

function rejectedText(r: { rejected: { row?: number; column?: string; field?: string; message: string }[] }): string {
  return r.rejected.map((d) => `  第 ${d.row ?? '?'} 行 ${d.column ?? d.field ?? ''}：${d.message}`).join('\n');
}

const money = (fen: number) => formatMoney(fen, { symbol: true });
const IMPORT_OPTIONS: Options = { 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' } };

function resolveText(r: ResultOf<'counts.shortagePending'>, what: string): string {
  return [`${what}：${r.resolutions.length} 项`, ...r.resolutions.map((x) => `  ${x.assetCode ?? x.foundId ?? ''}\t${money(x.amountFen)}\t${x.entries.map((e) => `${e.debitFen ? '借' : '贷'} ${e.account} ${e.name} ${money(e.debitFen || e.creditFen)}`).join('；')}`)].join('\n');
}

export function countCommands(call: Call): CountCommand[] {
  return [
    {
      name: 'count create',
      usage: 'count create --unit CODE --name 名称 [--date 基准日 YYYY-MM-DD] [--location 地点]… [--dept 科室编码]… [--class 分类代码前缀]… [--db FILE] [--json]',
      summary: '新建盘点任务：应盘清单为此刻账上该单位（所选科室、地点、分类）在基准日前入账、未处置的资产；--json 输出 {"id","no","expected"}',
      options: { unit: { type: 'string' }, name: { type: 'string' }, date: { type: 'string' }, location: { type: 'string', multiple: true }, dept: { type: 'string', multiple: true }, class: { type: 'string', multiple: true } },
      opensLedger: true,
      async run({ ledger, values }) {
        const c = await call(ledger!, 'counts.create', {
          unitCode: required(values, 'unit', '单位编码'),
          name: required(values, 'name', '盘点名称'),
          referenceDate: str(values, 'date'),
          locations: list(values, 'location'),
          deptCodes: list(values, 'dept'),
          classPrefixes: list(values, 'class'),
        });
        return { doc: { id: c.id, no: c.no, name: c.name, unitCode: c.unitCode, referenceDate: c.referenceDate, expected: c.expected }, text: `已新建盘点任务 ${c.no}（${c.name}，${c.unitName}，基准日 ${c.referenceDate}）：应盘 ${c.expected} 项\nid: ${c.id}` };
      },
    },
    {
      name: 'count list',
      usage: 'count list [--unit CODE] [--db FILE] [--json]',
      summary: '列出盘点任务及进度',
      options: { unit: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const rows = await call(ledger!, 'counts.list', { unitCode: str(values, 'unit') });
        return { doc: rows, text: rows.map((c) => `${c.no}\t${c.name}\t${c.unitCode} ${c.unitName}\t${c.referenceDate}\t${c.status === 'open' ? '盘点中' : '已结束'}\t已盘 ${c.counted}/${c.expected}，盘盈 ${c.surplus}`).join('\n') || '没有盘点任务' };
      },
    },
    {
      name: 'count show',
      usage: 'count show ID [--db FILE] [--json]',
      summary: '盘点任务详情：进度、盘点人/设备、各存放地点的进度（ID 可以是盘点编号，如 PD2026-0001）',
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args }) {
        const c = await call(ledger!, 'counts.show', { id: args[0]! });
        const text = [
          `${c.no} ${c.name}（${c.unitCode} ${c.unitName}，基准日 ${c.referenceDate}，${c.status === 'open' ? '盘点中' : '已结束'}）`,
          `应盘 ${c.expected}，已盘 ${c.counted}（在 ${c.found}，无 ${c.missing}），盘盈登记 ${c.surplus}，扫码 ${c.scans} 次`,
          ...c.byLocation.map((l) => `  ${l.location ?? '（未登记地点）'}\t${l.counted}/${l.expected}`),
          ...c.counters.map((k) => `  盘点人 ${k.name}${k.device ? `（${k.device}）` : ''}：扫码 ${k.scans}，结果 ${k.results}`),
        ].join('\n');
        return { doc: c, text };
      },
    },
    {
      name: 'count export',
      usage: 'count export ID FILE [--location 地点] [--db FILE] [--json]',
      summary: '导出盘点清单 .xlsx：每项资产一行（账面存放地点、使用人、状况），盘点结果/实际存放地点/实际使用人列待填，下方留有登记账外资产（盘盈）的空行',
      options: { location: { type: 'string' } },
      positionals: 2,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.exportChecklist', { id: args[0]!, location: str(values, 'location') });
        fs.writeFileSync(args[1]!, Buffer.from(r.base64, 'base64'));
        const out = { file: path.resolve(args[1]!), bytes: fs.statSync(args[1]!).size };
        return { doc: out, text: `已导出盘点清单到 ${out.file}` };
      },
    },
    {
      name: 'count import',
      usage: 'count import ID FILE [--counter 盘点人] [--skip-invalid] [--dry-run] [--db FILE] [--json]',
      summary: '导入填好的盘点清单（.xlsx，或 UTF-8/GB18030 的 .csv）：盘点结果 在/有/√/是 为找到，无/未找到/×/否 为未找到，盘盈 为账外资产；实际地点、使用人留空表示与账面相同；默认有错误行则全部不导入',
      options: { ...IMPORT_OPTIONS, counter: { type: 'string' } },
      positionals: 2,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.importChecklist', { id: args[0]!, ...upload(args[1]!, values), counter: str(values, 'counter') });
        const failed = r.rejected.length > 0 && !values['skip-invalid'];
        const head = r.dryRun ? `试导入：在 ${r.found}，无 ${r.missing}，盘盈 ${r.surplus}` : failed ? `导入被拒绝：${r.rejected.length} 处错误，未写入任何数据` : `已导入：在 ${r.found}，无 ${r.missing}，盘盈 ${r.surplus}`;
        return {
          doc: { imported: failed ? 0 : r.imported, found: r.found, missing: r.missing, surplus: r.surplus, rejected: r.rejected, dryRun: r.dryRun },
          text: `${head}${r.rejected.length ? `\n被拒绝的行：\n${rejectedText(r)}` : ''}`,
          exitCode: failed ? 1 : 0,
        };
      },
    },
    {
      name: 'count scan',
      usage: 'count scan ID CODE… [--counter 盘点人] [--device 设备] [--db FILE] [--json]',
      summary: '登记扫码或手输的资产编号（一次可多个）：重复扫码会标出，不在清单中的编号登记为待查明的盘盈',
      options: { counter: { type: 'string' }, device: { type: 'string' } },
      positionals: 2,
      variadic: true,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.scan', { id: args[0]!, scans: args.slice(1).map((code) => ({ code })), counter: str(values, 'counter'), device: str(values, 'device') });
        const label = { expected: '在', duplicate: '重复扫码', unknown: '不在清单（待查明）', replayed: '已登记' } as const;
        return { doc: r, text: [...r.outcomes.map((o) => `${o.code}\t${label[o.kind]}${o.name ? `\t${o.name}\t${o.location ?? ''}` : ''}`), `已盘到 ${r.counted}/${r.expected}`].join('\n') };
      },
    },
    {
      name: 'count reconcile',
      usage: 'count reconcile ID [--unit CODE] [--dept 科室编码] [--all] [--db FILE] [--json]',
      summary: '账实核对：相符、盘亏、盘盈、位置不符、使用人不符、状态不符的数量和金额（按单位、科室），及盘亏、差异和盘盈清单；--all 也列出相符的资产',
      options: { unit: { type: 'string' }, dept: { type: 'string' }, all: { type: 'boolean' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.reconcile', { id: args[0]!, unitCode: str(values, 'unit'), deptCode: str(values, 'dept'), all: Boolean(values.all) });
        const t = r.totals;
        const text = [
          `${r.no}（基准日 ${r.referenceDate}）应盘 ${r.expected} 项`,
          `相符 ${r.matched}　盘亏 ${r.shortage}（原值 ${money(t.shortage.costFen)}，净值 ${money(t.shortage.netFen)}，其中未盘到 ${r.notCounted}）　盘盈 ${r.surplus}　位置不符 ${r.locationDiffers}　使用人不符 ${r.userDiffers}　状态不符 ${r.statusDiffers}`,
          ...r.shortages.map((x) => `  盘亏\t${x.code}\t${x.name}\t${x.bookLocation ?? ''}\t${money(x.costFen)}${x.notCounted ? '\t未盘到' : ''}`),
          ...r.differences.map((x) => `  ${COUNT_CLASS_ZH[x.cls]}\t${x.code}\t${x.name}\t${x.differences.map((d) => `${d.book ?? '（空）'} → ${d.actual}`).join('；')}`),
          ...r.surplusItems.map((x) => `  盘盈\t${x.code ?? ''}\t${x.name ?? '（待查明）'}\t${x.location ?? ''}\t${x.description ?? ''}`),
        ].join('\n');
        return { doc: r, text };
      },
    },
    {
      name: 'count close',
      usage: 'count close ID [--db FILE] [--json]',
      summary: '结束盘点（不再登记盘点结果；盘亏、盘盈和差异仍可处理）',
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args }) {
        const cur = await call(ledger!, 'counts.show', { id: args[0]! });
        const c = await call(ledger!, 'counts.close', { id: cur.id, version: cur.version });
        return { doc: c, text: `已结束盘点 ${c.no}：已盘 ${c.counted}/${c.expected}` };
      },
    },
    {
      name: 'count pending',
      usage: 'count pending ID [CODE…] --date YYYY-MM-DD [--note 说明] [--db FILE] [--json]',
      summary: '盘亏转入待处理财产损溢：借 1902（净值）、借 1602（累计折旧），贷 1601（原值）；不指定编号则为全部未处理的盘亏',
      options: { date: { type: 'string' }, note: { type: 'string' } },
      positionals: 1,
      variadic: true,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.shortagePending', { id: args[0]!, codes: args.length > 1 ? args.slice(1) : undefined, date: required(values, 'date', '日期 YYYY-MM-DD'), note: str(values, 'note') });
        return { doc: r, text: resolveText(r, '盘亏转入待处理财产损溢') };
      },
    },
    {
      name: 'count write-off',
      usage: 'count write-off ID CODE… --date YYYY-MM-DD --doc 批准文号 [--db FILE] [--json]',
      summary: '盘亏经批准后报损：借 5301 资产处置费用，贷 1902；卡片按“报损”处置。须先转入待处理财产损溢，并填写批准文号',
      options: { date: { type: 'string' }, doc: { type: 'string' } },
      positionals: 2,
      variadic: true,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.writeOff', { id: args[0]!, codes: args.slice(1), date: required(values, 'date', '日期 YYYY-MM-DD'), docNo: required(values, 'doc', '批准文号') });
        return { doc: r, text: resolveText(r, '盘亏报损') };
      },
    },
    {
      name: 'count book-surplus',
      usage: 'count book-surplus ID --found 盘盈登记ID --code 新资产编号 --class 分类代码 --date YYYY-MM-DD [--name 名称] [--value 凭据金额] [--appraisal 评估值] [--replacement 重置成本] [--life-months N] [--dept 科室编码] [--voucher 凭证号] [--db FILE] [--json]',
      summary: '盘盈资产入账（新卡片，取得方式“盘盈”）：按有关凭据、资产评估、重置成本的顺序确定价值，都没有时按名义金额 ¥1；借 1601，贷 1902',
      options: { found: { type: 'string' }, code: { type: 'string' }, class: { type: 'string' }, date: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' }, appraisal: { type: 'string' }, replacement: { type: 'string' }, 'life-months': { type: 'string' }, dept: { type: 'string' }, voucher: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const life = str(values, 'life-months');
        const r = await call(ledger!, 'counts.bookSurplus', {
          id: args[0]!,
          date: required(values, 'date', '入账日期 YYYY-MM-DD'),
          items: [
            {
              foundId: required(values, 'found', '盘盈登记的 id（count reconcile --json 的 surplusItems[].id）'),
              code: required(values, 'code', '新资产编号'),
              classCode: required(values, 'class', '分类代码'),
              name: str(values, 'name'),
              documentFen: yuan(values, 'value'),
              appraisalFen: yuan(values, 'appraisal'),
              replacementFen: yuan(values, 'replacement'),
              lifeMonths: life === undefined ? undefined : Number(life),
              usingDeptCode: str(values, 'dept'),
              voucherNo: str(values, 'voucher'),
            },
          ],
        });
        return { doc: r, text: resolveText(r, '盘盈入账') };
      },
    },
    {
      name: 'count approve-surplus',
      usage: 'count approve-surplus ID FOUND_ID… --date YYYY-MM-DD --doc 批准文号 [--db FILE] [--json]',
      summary: '盘盈经批准：借 1902，贷 3501 以前年度盈余调整',
      options: { date: { type: 'string' }, doc: { type: 'string' } },
      positionals: 2,
      variadic: true,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.approveSurplus', { id: args[0]!, foundIds: args.slice(1), date: required(values, 'date', '日期 YYYY-MM-DD'), docNo: required(values, 'doc', '批准文号') });
        return { doc: r, text: resolveText(r, '盘盈批准') };
      },
    },
    {
      name: 'count apply',
      usage: 'count apply ID [CODE…] --date YYYY-MM-DD [--doc 文号] [--db FILE] [--json]',
      summary: '把盘点发现的存放地点、使用人、使用状况差异一次性更新到卡片（每张卡片记一条变动）；不指定编号则为全部未调整的差异',
      options: { date: { type: 'string' }, doc: { type: 'string' } },
      positionals: 1,
      variadic: true,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'counts.applyDifferences', { id: args[0]!, codes: args.length > 1 ? args.slice(1) : undefined, date: required(values, 'date', '日期 YYYY-MM-DD'), docNo: str(values, 'doc') });
        return { doc: r, text: [`已调整 ${r.resolutions.length} 张卡片`, ...r.resolutions.map((x) => `  ${x.assetCode}\t${JSON.stringify(x.detail.applied)}`)].join('\n') };
      },
    },
    {
      name: 'count report',
      usage: 'count report ID [--out FILE.xlsx] [--db FILE] [--json]',
      summary: '盘点报告：清查明细表、盘盈盘亏汇总表；--out 导出 .xlsx（含签字栏）',
      options: { out: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const out = str(values, 'out');
        if (out) {
          const x = await call(ledger!, 'counts.exportReport', { id: args[0]! });
          fs.writeFileSync(out, Buffer.from(x.base64, 'base64'));
          return { doc: { file: path.resolve(out), bytes: fs.statSync(out).size }, text: `已导出盘点报告到 ${path.resolve(out)}` };
        }
        const r = await call(ledger!, 'counts.report', { id: args[0]! });
        const text = [
          `盘盈盘亏汇总表 ${r.count.no} ${r.count.name}`,
          ['单位', '科室', '账面数', '相符', '盘亏', '盘亏原值', '盘盈', '盘盈金额', '位置不符', '使用人不符', '状态不符'].join('\t'),
          ...r.summary.map((g) => [g.unit, g.deptName ?? '', g.expected.count, g.matched.count, g.shortage.count, money(g.shortage.costFen), g.surplus.count, money(g.surplus.valueFen), g.locationDiffers.count, g.userDiffers.count, g.statusDiffers.count].join('\t')),
        ].join('\n');
        return { doc: r, text };
      },
    },
    {
      name: 'gl import',
      usage: 'gl import FILE --period YYYY-MM [--unit CODE] [--skip-invalid] [--dry-run] [--db FILE] [--json]',
      summary: '导入财务软件导出的科目余额表（.xlsx/.csv）中 1601、1602、1701、1702 的期末余额；单位取 --unit，或表中的单位列，或表头的“核算单位/编制单位”行',
      options: { ...IMPORT_OPTIONS, period: { type: 'string' }, unit: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const r = await call(ledger!, 'gl.import', { ...upload(args[0]!, values), period: required(values, 'period', '期间 YYYY-MM'), unitCode: str(values, 'unit') });
        const failed = r.rejected.length > 0 && !values['skip-invalid'];
        const head = r.dryRun ? `试导入：${r.balances.length} 个余额` : failed ? `导入被拒绝：${r.rejected.length} 处错误，未写入任何数据` : `已导入 ${r.imported} 个余额（${r.period}）`;
        return {
          doc: { imported: failed ? 0 : r.imported, period: r.period, balances: r.balances, rejected: r.rejected, dryRun: r.dryRun },
          text: [head, ...r.balances.map((b) => `  ${b.unitCode}\t${b.account}\t${money(b.balanceFen)}`), ...(r.rejected.length ? ['被拒绝的行：', rejectedText(r)] : [])].join('\n'),
          exitCode: failed ? 1 : 0,
        };
      },
    },
    {
      name: 'reconcile gl',
      usage: 'reconcile gl --period YYYY-MM [--unit CODE] [--db FILE] [--json]',
      summary: '账账核对：月末卡片账与总账余额按单位、科目比较（cardFen、ledgerFen、differenceFen），列出可解释差异的卡片（本月入账无凭证号、本月已处置、折旧未计提或未结账、盘亏待处理、本月调剂……）',
      options: { period: { type: 'string' }, unit: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const r = await call(ledger!, 'reconcile.gl', { period: required(values, 'period', '期间 YYYY-MM'), unitCode: str(values, 'unit') });
        const text = [
          `账账核对 ${r.period}（卡片账截至 ${r.asOf}；本月折旧${r.depreciation.run ? (r.depreciation.closed ? '已结账' : '已计提、未结账') : '尚未计提'}）`,
          ['单位', '科目', '卡片账', '总账', '差额', '未解释'].join('\t'),
          ...r.rows.flatMap((x) => [
            [`${x.unitCode} ${x.unitName}`, `${x.account} ${x.accountName}`, money(x.cardFen), x.ledgerFen === null ? '未导入' : money(x.ledgerFen), x.differenceFen === null ? '' : money(x.differenceFen), x.unexplainedFen === null ? '' : money(x.unexplainedFen)].join('\t'),
            ...(x.differenceFen ? x.explanations.map((e) => `    ${e.code ?? ''} ${e.name ?? ''} ${e.label} ${money(e.amountFen)}`) : []),
          ]),
          `差异 ${r.differing} 处`,
        ].join('\n');
        return { doc: r, text };
      },
    },
  ];
}
