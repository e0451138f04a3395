import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ArgsIn, MethodName, ResultOf } from '../../../shared/api';
import { ROLE_LABELS } from '../../../shared/auth/roles';
import { LedgerError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { verifyAuditChain } from '../../engine/audit';
import { backupTo, restoreFrom } from '../../engine/backup';
import { APPLICATION_ID, integrityCheck } from '../../engine/database';
import { openLedger, type Ledger } from '../../engine/ledger';
import { SCHEMA_VERSION } from '../../migrations';

// The `ledger` command: batch work on a ledger file through the same engine as the UI.
// With --json it prints exactly one JSON document on stdout; errors go to stderr, exit non-zero.

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** e.g. "units import" */
  name: string;
  usage: string;
  summary: string;
  options?: Options;
  /** Positional arguments after the command words. */
  positionals?: number;
  /** Does it open an existing ledger? (init and restore manage the file themselves.) */
  opensLedger?: boolean;
  run(ctx: { values: Values; args: string[]; ledger: Ledger | null; db: string; json: boolean }): Promise<{ doc: unknown; text: string; exitCode?: number }>;
}

const COMMON: Options = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const CLI_ACTOR = `cli:${safeUserName()}`;

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function call<K extends MethodName>(ledger: Ledger, method: K, args: ArgsIn<K>): Promise<ResultOf<K>> {
  return ledger.invoke(method, args, { system: { actor: CLI_ACTOR } });
}

function fileUpload(file: string, values: Values) {
  if (!fs.existsSync(file)) throw new LedgerError('NOT_FOUND', `文件不存在：${file}`, { key: 'error.fileMissing' });
  return {
    fileName: path.basename(file),
    base64: fs.readFileSync(file).toString('base64'),
    skipInvalid: Boolean(values['skip-invalid']),
    dryRun: Boolean(values['dry-run']),
  };
}

function importOutcome(r: ResultOf<'units.import'>, values: Values) {
  const rejectedLines = r.rejected.map((d) => `  第 ${d.row ?? '?'} 行 ${d.column ?? d.field ?? ''}：${d.message}`).join('\n');
  const failed = r.rejected.length > 0 && !values['skip-invalid'];
  const head = r.dryRun ? `试导入：可导入 ${r.imported} 行` : failed ? `导入被拒绝：${r.rejected.length} 处错误，未写入任何数据` : `已导入 ${r.imported} 行`;
  return {
    doc: { imported: failed ? 0 : r.imported, rejected: r.rejected, dryRun: r.dryRun },
    text: `${head}${r.rejected.length ? `\n被拒绝的行：\n${rejectedLines}` : ''}`,
    exitCode: failed ? 1 : 0,
  };
}

async function writeExport(r: { base64: string }, file: string) {
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
  return { file: path.resolve(file), bytes: fs.statSync(file).size };
}

function readPassword(values: Values): string {
  if (typeof values.password === 'string') return values.password;
  if (values['password-stdin']) return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  throw new LedgerError('VALIDATION', '请用 --password 或 --password-stdin 提供密码', { key: 'error.passwordMissing' });
}

const IMPORT_OPTIONS: Options = { 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' } };

const COMMANDS: Command[] = [
  {
    name: 'init',
    usage: 'init --db FILE [--demo] [--community 名称] [--admin 用户名 --password 密码]',
    summary: '新建账套；--demo 填入一个示例医共体（单位、科室、各角色用户）',
    options: { demo: { type: 'boolean' }, community: { type: 'string' }, admin: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run({ values, db }) {
      if (fs.existsSync(db)) throw new LedgerError('VALIDATION', `文件已存在：${db}（init 只新建账套，不会覆盖）`, { key: 'error.fileExists' });
      const ledger = openLedger(db, { create: true });
      try {
        const demo = Boolean(values.demo);
        const { DEMO_COMMUNITY_NAME, buildDemo } = demo ? await import('../../demo') : { DEMO_COMMUNITY_NAME: '', buildDemo: null };
        const adminName = (values.admin as string | undefined) ?? (demo ? 'admin' : undefined);
        const communityName = (values.community as string | undefined) ?? (demo ? DEMO_COMMUNITY_NAME : undefined);
        let admin: { username: string; password?: string } | null = null;
        if (adminName) {
          const password = values.password || values['password-stdin'] ? readPassword(values) : demo ? 'admin1234' : readPassword(values);
          await call(ledger, 'setup.createAdmin', { communityName: communityName ?? '医共体', username: adminName, displayName: '系统管理员', password });
          admin = { username: adminName, ...(demo && !values.password && !values['password-stdin'] ? { password } : {}) };
        }
        const built = buildDemo ? await buildDemo(ledger, { onProgress: (m: string) => process.stderr.write(`${m}\n`) }) : null;
        const doc = { file: path.resolve(db), schemaVersion: SCHEMA_VERSION, communityName: communityName ?? null, admin, demo: built };
        const text = [
          `已新建账套：${path.resolve(db)}`,
          admin ? `管理员：${admin.username}${admin.password ? `（密码 ${admin.password}，请登录后修改）` : ''}` : '首次打开时将在界面中创建管理员账号。',
          built ? `示例数据：${built.units} 个单位，${built.departments} 个科室，${built.users.length} 个用户（密码见 --json 输出）` : '',
        ]
          .filter(Boolean)
          .join('\n');
        return { doc, text };
      } finally {
        ledger.close();
      }
    },
  },
  {
    name: 'units list',
    usage: 'units list [--db FILE] [--json]',
    summary: '列出全部单位',
    opensLedger: true,
    async run({ ledger }) {
      const rows = await call(ledger!, 'units.list', {});
      return { doc: rows, text: rows.map((u) => `${u.code}\t${u.name}\t${u.type}\t${u.parentCode ?? ''}`).join('\n') + `\n共 ${rows.length} 个单位` };
    },
  },
  {
    name: 'units import',
    usage: 'units import FILE [--skip-invalid] [--dry-run] [--db FILE] [--json]',
    summary: '从 .xlsx 或 .csv（UTF-8/GB18030）导入单位；默认有错误行则全部不导入',
    options: IMPORT_OPTIONS,
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      return importOutcome(await call(ledger!, 'units.import', fileUpload(args[0]!, values)), values);
    },
  },
  {
    name: 'units export',
    usage: 'units export FILE [--db FILE] [--json]',
    summary: '导出单位到 .xlsx（与导入格式相同）',
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args }) {
      const out = await writeExport(await call(ledger!, 'units.export', {}), args[0]!);
      return { doc: out, text: `已导出到 ${out.file}` };
    },
  },
  {
    name: 'departments list',
    usage: 'departments list [--unit CODE] [--db FILE] [--json]',
    summary: '列出科室',
    options: { unit: { type: 'string' } },
    opensLedger: true,
    async run({ ledger, values }) {
      const rows = await call(ledger!, 'departments.list', values.unit ? { unitCode: values.unit as string } : {});
      return { doc: rows, text: rows.map((d) => `${d.unitCode}\t${d.code}\t${d.name}`).join('\n') + `\n共 ${rows.length} 个科室` };
    },
  },
  {
    name: 'departments import',
    usage: 'departments import FILE [--skip-invalid] [--dry-run] [--db FILE] [--json]',
    summary: '从 .xlsx 或 .csv 导入科室',
    options: IMPORT_OPTIONS,
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      return importOutcome(await call(ledger!, 'departments.import', fileUpload(args[0]!, values)), values);
    },
  },
  {
    name: 'departments export',
    usage: 'departments export FILE [--unit CODE] [--db FILE] [--json]',
    summary: '导出科室到 .xlsx',
    options: { unit: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const out = await writeExport(await call(ledger!, 'departments.export', values.unit ? { unitCode: values.unit as string } : {}), args[0]!);
      return { doc: out, text: `已导出到 ${out.file}` };
    },
  },
  {
    name: 'users add',
    usage: 'users add --username U --name 姓名 --role 角色 [--unit CODE] (--password P | --password-stdin) [--db FILE] [--json]',
    summary: `新增用户；角色：${Object.entries(ROLE_LABELS).map(([k, v]) => `${k}(${v})`).join('、')}`,
    options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    opensLedger: true,
    async run({ ledger, values }) {
      const user = await call(ledger!, 'users.add', {
        username: (values.username as string) ?? '',
        displayName: (values.name as string) ?? (values.username as string) ?? '',
        role: (values.role as string) as never,
        unitCode: (values.unit as string | undefined) ?? null,
        password: readPassword(values),
      });
      return { doc: user, text: `已新增用户 ${user.username}（${ROLE_LABELS[user.role]}${user.unitName ? `，${user.unitName}` : ''}）` };
    },
  },
  {
    name: 'users list',
    usage: 'users list [--db FILE] [--json]',
    summary: '列出用户',
    opensLedger: true,
    async run({ ledger }) {
      const rows = await call(ledger!, 'users.list', {});
      return {
        doc: rows,
        text: rows.map((u) => `${u.username}\t${u.displayName}\t${ROLE_LABELS[u.role]}\t${u.unitCode ?? '全医共体'}${u.disabled ? '\t已停用' : ''}${u.lockedUntil ? `\t锁定至 ${u.lockedUntil}` : ''}`).join('\n'),
      };
    },
  },
  {
    name: 'users passwd',
    usage: 'users passwd USERNAME (--password P | --password-stdin) [--db FILE] [--json]',
    summary: '重置用户密码（同时解除锁定）',
    options: { password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const users = await call(ledger!, 'users.list', {});
      const u = users.find((x) => x.username.toLowerCase() === args[0]!.toLowerCase());
      if (!u) throw new LedgerError('NOT_FOUND', `用户 ${args[0]} 不存在`, { key: 'error.NOT_FOUND' });
      const updated = await call(ledger!, 'users.setPassword', { id: u.id, version: u.version, password: readPassword(values) });
      return { doc: { username: updated.username, ok: true }, text: `已重置 ${updated.username} 的密码` };
    },
  },
  {
    name: 'backup',
    usage: 'backup --to FILE [--db FILE] [--json]',
    summary: '在线备份账套（SQLite 备份接口），并对备份做完整性检查',
    options: { to: { type: 'string' } },
    opensLedger: true,
    async run({ ledger, values }) {
      if (!values.to) throw new LedgerError('VALIDATION', '请用 --to 指定备份文件', { key: 'error.backupTarget' });
      if (fs.existsSync(values.to as string)) throw new LedgerError('VALIDATION', `备份文件已存在：${values.to as string}`, { key: 'error.fileExists' });
      const out = await backupTo(ledger!.db, path.resolve(values.to as string));
      return { doc: out, text: `已备份到 ${out.file}（${(out.bytes / 1024 / 1024).toFixed(1)} MB，完整性检查通过）` };
    },
  },
  {
    name: 'restore',
    usage: 'restore BACKUP_FILE --db FILE [--json]',
    summary: '从备份恢复：先检查备份，再替换账套；原账套保留在 <账套>.backups/ 中。恢复前请关闭正在使用该账套的程序',
    positionals: 1,
    async run({ args, db }) {
      const out = await restoreFrom(path.resolve(args[0]!), path.resolve(db), {
        validate(src) {
          const appId = src.pragma('application_id', { simple: true });
          const v = src.pragma('user_version', { simple: true }) as number;
          if (appId !== APPLICATION_ID) throw new LedgerError('NOT_A_LEDGER', `不是本程序的账套备份：${args[0]!}`, { key: 'error.notALedger' });
          if (v > SCHEMA_VERSION) throw new LedgerError('NEWER_FILE', `备份由较新版本的程序创建（数据结构版本 ${v}），请先升级程序`, { key: 'error.newerFile' });
        },
      });
      return { doc: out, text: `已恢复到 ${out.restored}${out.previousKeptAt ? `；原账套已保存为 ${out.previousKeptAt}` : ''}` };
    },
  },
  {
    name: 'verify',
    usage: 'verify [--db FILE] [--json]',
    summary: '完整性检查（SQLite integrity_check）加审计链校验；任何审计记录被改动或删除时以非零状态退出并指出第一条问题记录',
    opensLedger: true,
    async run({ ledger }) {
      const problems = integrityCheck(ledger!.db);
      const audit = verifyAuditChain(ledger!.db);
      const ok = problems.length === 0 && audit.ok;
      const doc = { ok, integrity: problems.length ? problems : 'ok', audit };
      const text = [
        problems.length ? `完整性检查失败：\n  ${problems.slice(0, 20).join('\n  ')}` : '完整性检查：通过',
        audit.ok ? `审计链：通过（${audit.rows} 条记录）` : `审计链：失败 — ${audit.reason}（第一条问题记录 #${audit.firstBadSeq}）`,
      ].join('\n');
      return { doc, text, exitCode: ok ? 0 : 1 };
    },
  },
  {
    name: 'assets import',
    usage: 'assets import FILE --unit CODE [--opening-period YYYY-MM] [--skip-invalid] [--dry-run] [--db FILE] [--json]',
    summary: '从 .xlsx 或 .csv（UTF-8/GB18030）导入资产卡片；累计折旧为 --opening-period 月末数，下月起继续计提；默认有错误行则全部不导入',
    options: { ...IMPORT_OPTIONS, unit: { type: 'string' }, 'opening-period': { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const upload = { ...fileUpload(args[0]!, values), unitCode: values.unit as string | undefined, openingPeriod: values['opening-period'] as string | undefined };
      return importOutcome(await call(ledger!, 'assets.import', upload), values);
    },
  },
  {
    name: 'assets export',
    usage: 'assets export FILE [--unit CODE] [--db FILE] [--json]',
    summary: '导出资产台账到 .xlsx（与导入格式相同，可原样导回）',
    options: { unit: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const out = await writeExport(await call(ledger!, 'assets.export', { unitCode: values.unit as string | undefined }), args[0]!);
      return { doc: out, text: `已导出到 ${out.file}` };
    },
  },
  {
    name: 'depreciate',
    usage: 'depreciate --period YYYY-MM [--close] [--db FILE] [--json]',
    summary: '计提某月折旧（全医共体）；未结账的最近一期可重新计提，结果相同、不会重复；--close 计提后结账',
    options: { period: { type: 'string' }, close: { type: 'boolean' } },
    opensLedger: true,
    async run({ ledger, values }) {
      if (typeof values.period !== 'string') throw new LedgerError('VALIDATION', '请用 --period YYYY-MM 指定期间', { key: 'error.usage' });
      const r = await call(ledger!, 'depreciation.run', { period: values.period, close: Boolean(values.close) });
      return { doc: r, text: `${r.period} 折旧已计提：${r.assets} 张卡片，合计 ${formatMoney(r.totalFen, { symbol: true })}${r.closed ? '；已结账' : '（未结账）'}` };
    },
  },
  {
    name: 'report register',
    usage: 'report register --as-of YYYY-MM-DD [--unit CODE] [--db FILE] [--json]',
    summary: '某日的资产台账：当日在册的每张卡片的原值、累计折旧（截至该月计提数）、净值，按单位和资产编号排序，附合计',
    options: { 'as-of': { type: 'string' }, unit: { type: 'string' } },
    opensLedger: true,
    async run({ ledger, values }) {
      if (typeof values['as-of'] !== 'string') throw new LedgerError('VALIDATION', '请用 --as-of YYYY-MM-DD 指定日期', { key: 'error.usage' });
      const r = await call(ledger!, 'reports.register', { asOf: values['as-of'], unitCode: values.unit as string | undefined });
      const rows = r.rows.map((x) => ({ code: x.code, unit: x.unit, class: x.class, costFen: x.costFen, accumulatedFen: x.accumulatedFen, netFen: x.netFen }));
      const money = (fen: number) => formatMoney(fen);
      const text = [
        `资产台账（${r.asOf}）`,
        ['单位', '资产编号', '资产名称', '分类', '原值', '累计折旧', '净值'].join('\t'),
        ...r.rows.map((x) => [x.unit, x.code, x.name, x.class, money(x.costFen), money(x.accumulatedFen), money(x.netFen)].join('\t')),
        `合计 ${r.totals.assets} 张\t原值 ${money(r.totals.costFen)}\t累计折旧 ${money(r.totals.accumulatedFen)}\t净值 ${money(r.totals.netFen)}`,
      ].join('\n');
      return { doc: { rows, totals: r.totals }, text };
    },
  },
  {
    name: 'assets schedule',
    usage: 'assets schedule CODE [--through YYYY-MM] [--db FILE] [--json]',
    summary: '单张资产的折旧明细：已计提的各期（booked），再按现状推算至折旧期满或 --through',
    options: { through: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const lines = await call(ledger!, 'assets.schedule', { code: args[0]!, through: values.through as string | undefined });
      const text = [
        ['期间', '原值', '本期折旧', '累计折旧', '净值', ''].join('\t'),
        ...lines.map((l) => [l.period, formatMoney(l.costFen), formatMoney(l.chargeFen), formatMoney(l.accumulatedFen), formatMoney(l.netFen), l.booked ? '已计提' : '预计'].join('\t')),
      ].join('\n');
      return { doc: lines, text };
    },
  },
];

function generalHelp(): string {
  return [
    '医共体统一台账 命令行工具',
    '',
    '用法: npm run -s ledger -- <命令> [选项]',
    '',
    '命令:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`),
    '',
    '通用选项:',
    '  --db FILE   账套文件（默认取环境变量 MEDCOM_LEDGER，否则为当前目录下的 ledger.db）',
    '  --json      输出一个 JSON 文档（金额单位：分）；出错时错误写到 stderr，退出码非零',
    '  --help      显示帮助；每个命令都有：ledger <命令> --help',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `用法: npm run -s ledger -- ${c.usage}\n\n${c.summary}`;
}

function fail(err: unknown, json: boolean): never {
  const e = err instanceof LedgerError ? err.toJSON() : { code: 'INTERNAL', message: (err as Error)?.message ?? String(err), key: 'error.INTERNAL' };
  if (json) process.stderr.write(`${JSON.stringify({ error: e })}\n`);
  else {
    process.stderr.write(`错误：${e.message}\n`);
    for (const d of ('details' in e && e.details ? e.details : []).slice(0, 50)) {
      process.stderr.write(`  ${d.row ? `第 ${d.row} 行 ` : ''}${d.column ?? d.field ?? ''} ${d.message}\n`);
    }
  }
  process.exit(e.code === 'VALIDATION' && !('details' in e) ? 2 : 1);
}

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const words = argv.filter((a) => !a.startsWith('-'));
  const command =
    COMMANDS.find((c) => c.name.split(' ').length === 2 && words.slice(0, 2).join(' ') === c.name) ?? COMMANDS.find((c) => c.name.split(' ').length === 1 && words[0] === c.name);
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${generalHelp()}\n`);
      return;
    }
    fail(new LedgerError('VALIDATION', `未知命令：${words.slice(0, 2).join(' ') || argv.join(' ')}。用 --help 查看全部命令`, { key: 'error.unknownCommand' }), json);
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    fail(new LedgerError('VALIDATION', `${(err as Error).message}\n${commandHelp(command)}`, { key: 'error.usage' }), json);
  }
  if (parsed.values.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return;
  }
  const args = parsed.positionals.slice(command.name.split(' ').length);
  if ((command.positionals ?? 0) !== args.length) {
    fail(new LedgerError('VALIDATION', `参数个数不对。\n${commandHelp(command)}`, { key: 'error.usage' }), json);
  }
  const db = path.resolve((parsed.values.db as string | undefined) ?? process.env.MEDCOM_LEDGER ?? 'ledger.db');
  let ledger: Ledger | null = null;
  try {
    if (command.opensLedger) ledger = openLedger(db);
    const out = await command.run({ values: parsed.values, args, ledger, db, json });
    process.stdout.write(json ? `${JSON.stringify(out.doc)}\n` : `${out.text}\n`);
    ledger?.close();
    process.exitCode = out.exitCode ?? 0;
  } catch (err) {
    ledger?.close();
    fail(err, json);
  }
}

void main(process.argv.slice(2));
