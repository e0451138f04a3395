import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { ArgsIn, MethodName, ResultOf } from '../../../shared/api';
import { POST_BASES } from '../../../shared/api/posts';
import { BANDS, POST_CATEGORIES } from '../../../shared/domain/posts/catalogue';
import { LedgerError } from '../../../shared/errors';
import type { Ledger } from '../../engine/ledger';

// `ledger staff import|list|export`, `ledger posts quotas import|export`, `ledger appoint`,
// `ledger posts structure|expiring|roster|overrides|end` (issue #5). Listed in main.ts's COMMANDS.
// A refused appointment exits 1 with the breached rule, its current count and limit on stderr
// (with --json: {"error": {"code": "CAP_EXCEEDED", "params": {rule, current, limit}, "details": [...]}}).

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;
type Call = <K extends MethodName>(ledger: Ledger, method: K, args: ArgsIn<K>) => Promise<ResultOf<K>>;

interface PostsCommand {
  name: string;
  usage: string;
  summary: string;
  options?: Options;
  positionals?: number;
  opensLedger?: boolean;
  run(ctx: { values: Values; args: string[]; ledger: Ledger | null; db: string; json: boolean }): Promise<{ doc: unknown; text: string; exitCode?: number }>;
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function required(values: Values, name: string, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new LedgerError('VALIDATION', `请用 --${name} 指定${what}`, { key: 'error.usage' });
  return v;
}

/** A number option; anything else goes to the engine as NaN and is refused there with the field named. */
function num(values: Values, name: string): number | undefined {
  const v = str(values, name);
  return v === undefined ? undefined : Number(v.trim() === '' ? Number.NaN : v);
}

function upload(file: string, values: Values) {
  if (!fs.existsSync(file)) throw new LedgerError('NOT_FOUND', `文件不存在：${file}`, { key: 'error.fileMissing' });
  return { fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64'), skipInvalid: Boolean(values['skip-invalid']), dryRun: Boolean(values['dry-run']) };
}

function importOutcome(r: ResultOf<'staff.import'>, values: Values, what: string) {
  const failed = r.rejected.length > 0 && !values['skip-invalid'];
  const head = r.dryRun ? `试导入：可导入 ${r.imported} ${what}` : failed ? `导入被拒绝：${r.rejected.length} 处错误，未写入任何数据` : `已导入 ${r.imported} ${what}`;
  const lines = r.rejected.map((d) => `  第 ${d.row ?? '?'} 行 ${d.column ?? d.field ?? ''}：${d.message}`).join('\n');
  return { doc: { imported: failed ? 0 : r.imported, rejected: r.rejected, dryRun: r.dryRun }, text: `${head}${r.rejected.length ? `\n被拒绝的行：\n${lines}` : ''}`, exitCode: failed ? 1 : 0 };
}

async function writeFile(r: { base64: string }, file: string) {
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
  return { file: path.resolve(file), bytes: fs.statSync(file).size };
}

const IMPORT: Options = { 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' } };
const SHOWN_BANDS = BANDS.map((b) => b.band);

function structureText(r: ResultOf<'posts.structure'>): string {
  const cell = (a: number | null, f: number) => `${f}/${a ?? '-'}`;
  const lines = [['单位', '编制', '岗位(在岗/核定)', ...POST_CATEGORIES, ...SHOWN_BANDS, '超限'].join('\t')];
  for (const u of r.units) {
    lines.push(
      [
        `${u.unitCode} ${u.unitName}${u.noQuota ? '（未设岗）' : ''}`,
        u.staffing,
        cell(u.approved.total, u.filled.total),
        ...POST_CATEGORIES.map((c) => cell(u.approved.categories[c], u.filled.categories[c])),
        ...SHOWN_BANDS.map((b) => cell(u.approved.bands[b] ?? null, u.filled.bands[b] ?? 0)),
        u.breaches.map((b) => `${b.label}（现有 ${b.current}，限额 ${b.limit}）`).join('；'),
      ].join('\t'),
    );
  }
  const c = r.community;
  lines.push(`合计 ${c.units} 个单位：编制 ${c.staffing}，岗位 ${c.approved.total}，在岗 ${c.filled.total}，空岗 ${c.vacant.total}；超限 ${c.breaches} 项（${c.unitsWithBreaches} 个单位）`);
  return lines.join('\n');
}

export function postsCommands(call: Call): PostsCommand[] {
  return [
    {
      name: 'staff import',
      usage: 'staff import FILE [--skip-invalid] [--dry-run] [--db FILE] [--json]',
      summary: '从 .xlsx 或 .csv（UTF-8/GB18030）导入人员花名册（工号已存在则更新）；身份证号按 GB 11643 校验并与性别、出生日期核对；默认有错误行则全部不导入',
      options: IMPORT,
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        return importOutcome(await call(ledger!, 'staff.import', upload(args[0]!, values)), values, '人');
      },
    },
    {
      name: 'staff list',
      usage: 'staff list [--unit CODE] [--include-left] [--db FILE] [--json]',
      summary: '人员名单：每人的聘用单位、工作单位（县管乡用/乡聘村用）和现聘岗位；--unit 为聘用或工作在该单位的人员',
      options: { unit: { type: 'string' }, 'include-left': { type: 'boolean' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const rows = await call(ledger!, 'staff.list', { unitCode: str(values, 'unit'), includeLeft: Boolean(values['include-left']) });
        const text = rows
          .map((s) =>
            [s.staffNo, s.name, s.staffingType, `${s.employingUnitCode}→${s.workingUnitCode}${s.arrangement ? `（${s.arrangement}）` : ''}`, s.current.map((p) => `${p.unitCode} ${p.gradeLabel}${p.postName ? ` ${p.postName}` : ''}`).join('；') || '未聘'].join('\t'),
          )
          .join('\n');
        return { doc: rows, text: `${text}\n共 ${rows.length} 人` };
      },
    },
    {
      name: 'staff export',
      usage: 'staff export FILE [--unit CODE] [--db FILE] [--json]',
      summary: '导出人员花名册到 .xlsx（与导入格式相同）',
      options: { unit: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const out = await writeFile(await call(ledger!, 'staff.export', { unitCode: str(values, 'unit') }), args[0]!);
        return { doc: out, text: `已导出到 ${out.file}` };
      },
    },
    {
      name: 'posts quotas export',
      usage: 'posts quotas export FILE [--db FILE] [--json]',
      summary: '导出全医共体岗位设置（一张表，每单位一行：编制数、岗位总量、管理/专业技术/工勤岗位、各等级核定数、比例方案）',
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args }) {
        const out = await writeFile(await call(ledger!, 'posts.quotas.export', {}), args[0]!);
        return { doc: out, text: `已导出到 ${out.file}` };
      },
    },
    {
      name: 'posts quotas import',
      usage: 'posts quotas import FILE [--skip-invalid] [--dry-run] [--db FILE] [--json]',
      summary: '导入岗位设置表（格式同导出；单位可写编码或名称）；岗位总量不得超过编制数（含周转池），各类岗位之和不得超过岗位总量；默认有错误行则全部不导入',
      options: IMPORT,
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        return importOutcome(await call(ledger!, 'posts.quotas.import', upload(args[0]!, values)), values, '个单位');
      },
    },
    {
      name: 'appoint',
      usage:
        'appoint --staff 工号 --unit CODE --category 管理|专业技术|工勤 --grade N|普通工 --from YYYY-MM-DD [--to YYYY-MM-DD] [--post 岗位名称] [--basis 竞聘|直接聘任] [--round 竞聘编号 --score N --rank N] [--filing 备案号] [--contract 合同号] [--override "理由"] [--db FILE] [--json]',
      summary: '聘用到岗位；超出岗位总量、类别核定数或结构比例时拒绝（退出码 1，给出规则、现有数和限额）；--override 写明理由后由有权限的角色强制聘用（记入审计并列入突破清单）。同类别原岗位自动结束（转聘）',
      options: {
        staff: { type: 'string' },
        unit: { type: 'string' },
        category: { type: 'string' },
        grade: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        post: { type: 'string' },
        basis: { type: 'string' },
        round: { type: 'string' },
        score: { type: 'string' },
        rank: { type: 'string' },
        filing: { type: 'string' },
        contract: { type: 'string' },
        override: { type: 'string' },
      },
      opensLedger: true,
      async run({ ledger, values }) {
        const grade = required(values, 'grade', '岗位等级（如 6，或 普通工）');
        const basis = str(values, 'basis') ?? (values.round ? '竞聘' : '直接聘任');
        if (!(POST_BASES as readonly string[]).includes(basis)) throw new LedgerError('VALIDATION', `--basis 应为：${POST_BASES.join('、')}`, { key: 'error.usage' });
        const a = await call(ledger!, 'posts.appoint', {
          staffNo: required(values, 'staff', '工号'),
          unitCode: required(values, 'unit', '单位编码'),
          category: required(values, 'category', '岗位类别（管理、专业技术、工勤）') as never,
          grade: /^\d+$/.test(grade.trim()) ? Number(grade) : grade,
          termStart: required(values, 'from', '聘期开始日期'),
          termEnd: str(values, 'to') ?? null,
          postName: str(values, 'post'),
          basis: basis as never,
          roundNo: str(values, 'round'),
          score: num(values, 'score'),
          rank: num(values, 'rank'),
          filingNo: str(values, 'filing'),
          contractNo: str(values, 'contract'),
          override: str(values, 'override'),
        });
        const text = [
          `已聘用 ${a.staffNo} ${a.staffName} 为 ${a.unitCode} ${a.unitName} ${a.gradeLabel}${a.postName ? `（${a.postName}）` : ''}，聘期 ${a.termStart} 至 ${a.termEnd ?? '（未定）'}`,
          ...(a.ended.length ? [`原同类岗位聘用已结束 ${a.ended.length} 条`] : []),
          ...(a.overrideReason ? [`突破限额（${a.overriddenBreaches!.map((b) => `${b.label}：现有 ${b.current}，限额 ${b.limit}`).join('；')}），理由：${a.overrideReason}`] : []),
        ].join('\n');
        return { doc: a, text };
      },
    },
    {
      name: 'posts end',
      usage: 'posts end APPOINTMENT_ID --date YYYY-MM-DD --reason 原因 [--db FILE] [--json]',
      summary: '结束一条聘用（解聘、调出、退休、聘期届满）；记录保留，不改写',
      options: { date: { type: 'string' }, reason: { type: 'string' } },
      positionals: 1,
      opensLedger: true,
      async run({ ledger, args, values }) {
        const a = await call(ledger!, 'posts.end', { id: args[0]!, date: required(values, 'date', '结束日期'), reason: required(values, 'reason', '结束原因') });
        return { doc: a, text: `已结束 ${a.staffNo} ${a.staffName} 在 ${a.unitCode} 的 ${a.gradeLabel}（${a.endedOn}，${a.endReason}）` };
      },
    },
    {
      name: 'posts structure',
      usage: 'posts structure [--unit CODE] [--db FILE] [--json]',
      summary: '岗位结构：各单位及全医共体按类别、等级（正高、副高、中级、初级…）的核定数 approved、在岗数 filled、空岗数 vacant，以及超限 breaches（规则、现有数、限额）',
      options: { unit: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const r = await call(ledger!, 'posts.structure', { unitCode: str(values, 'unit') });
        return { doc: r, text: structureText(r) };
      },
    },
    {
      name: 'posts expiring',
      usage: 'posts expiring [--days 90] [--as-of YYYY-MM-DD] [--unit CODE] [--db FILE] [--json]',
      summary: '聘期在 --days 天内（默认 90 天）届满的聘用：续聘名单',
      options: { days: { type: 'string' }, 'as-of': { type: 'string' }, unit: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const rows = await call(ledger!, 'posts.expiring', { days: num(values, 'days') ?? 90, asOf: str(values, 'as-of'), unitCode: str(values, 'unit') });
        return { doc: rows, text: rows.map((r) => `${r.termEnd}（${r.daysLeft} 天）\t${r.unitCode}\t${r.staffNo} ${r.staffName}\t${r.gradeLabel}`).join('\n') + `\n共 ${rows.length} 人` };
      },
    },
    {
      name: 'posts roster',
      usage: 'posts roster [--arrangement 县管乡用|乡聘村用|借调] [--db FILE] [--json]',
      summary: '聘用单位与工作单位不同的人员名册（县管乡用、乡聘村用等）',
      options: { arrangement: { type: 'string' } },
      opensLedger: true,
      async run({ ledger, values }) {
        const rows = await call(ledger!, 'posts.secondments', { arrangement: str(values, 'arrangement') as never });
        return { doc: rows, text: rows.map((r) => `${r.arrangement}\t${r.staffNo} ${r.name}\t${r.employingUnitName} → ${r.workingUnitName}\t${r.current.map((c) => c.gradeLabel).join('；')}`).join('\n') + `\n共 ${rows.length} 人` };
      },
    },
    {
      name: 'posts overrides',
      usage: 'posts overrides [--db FILE] [--json]',
      summary: '突破岗位限额的聘用清单：突破的规则、现有数、限额、理由、操作人',
      opensLedger: true,
      async run({ ledger }) {
        const rows = await call(ledger!, 'posts.overrides', {});
        return {
          doc: rows,
          text: rows.map((r) => `${r.createdAt}\t${r.createdBy}\t${r.unitCode} ${r.staffNo} ${r.staffName} ${r.gradeLabel}\t${(r.overriddenBreaches ?? []).map((b) => `${b.label}（${b.current}/${b.limit}）`).join('；')}\t理由：${r.overrideReason}`).join('\n') + `\n共 ${rows.length} 条`,
        };
      },
    },
  ];
}
