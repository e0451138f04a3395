import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ArgsIn, MethodName, ResultOf } from '../../../shared/api';
import { ROLE_LABELS } from '../../../shared/auth/roles';
import { LedgerError } from '../../../shared/errors';
import { formatMoney, parseMoney } from '../../../shared/money';
import { DISPOSAL_TYPES } from '../../../shared/api/assets';
import { verifyAuditChain } from '../../engine/audit';
import { backupTo, restoreFrom } from '../../engine/backup';
import { APPLICATION_ID, integrityCheck } from '../../engine/database';
import { openLedger, type Ledger } from '../../engine/ledger';
import { SCHEMA_VERSION } from '../../migrations';
import { countCommands } from './counts';
import { postsCommands } from './posts';
import { sharingCommands } from './sharing';

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
  /** At least `positionals`, any number more (e.g. `count scan ID CODE…`). */
  variadic?: boolean;
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

/**
 * `--errors FILE`: the uploaded sheet with a 错误说明 column and the bad cells highlighted. After
 * an import with --skip-invalid (the valid rows went in) it holds only the rejected rows, ready to
 * fix and import again; otherwise the whole sheet. Written only when rows were rejected.
 */
async function writeErrorSheet(ledger: Ledger, upload: { fileName: string; base64: string }, r: ResultOf<'units.import'>, values: Values, outcome: ReturnType<typeof importOutcome>) {
  const file = str(values.errors);
  if (!file || !r.rejected.length) return outcome;
  const onlyRejected = Boolean(values['skip-invalid']) && !r.dryRun && r.imported > 0;
  const sheet = await call(ledger, 'imports.errorSheet', { fileName: upload.fileName, base64: upload.base64, rejected: r.rejected, onlyRejected });
  const out = await writeExport(sheet, file);
  return { ...outcome, doc: { ...outcome.doc, errorSheet: out.file }, text: `${outcome.text}
错误说明表：${out.file}` };
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

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function required(values: Values, name: string, message: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new LedgerError('VALIDATION', message, { key: 'error.usage' });
  return v;
}

/** An amount option in yuan as people write it (`1200`, `¥1,200.00`, `1.2万`) → fen; negatives only where allowed. */
function yuanOption(values: Values, name: string, allowNegative = false): number | undefined {
  const v = str(values[name]);
  if (v === undefined) return undefined;
  const r = parseMoney(v);
  if (!r.ok) throw new LedgerError('VALIDATION', `--${name}：${r.message}`, { key: 'error.usage' });
  if (r.fen < 0 && !allowNegative) throw new LedgerError('VALIDATION', `--${name} 不能为负数：${v}`, { key: 'error.usage' });
  return r.fen;
}

function cardText(c: ResultOf<'assets.show'>): string {
  const money = (fen: number) => formatMoney(fen, { symbol: true });
  return [
    `${c.code}  ${c.name}${c.asOf ? `（${c.asOf} 的状态）` : ''}`,
    `分类：${c.classCode} ${c.className ?? ''}　规格型号：${c.model ?? ''}`,
    `单位：${c.unitCode} ${c.unitName}　使用科室：${c.usingDeptName ?? ''}　使用人：${c.userName ?? ''}　存放地点：${c.location ?? ''}　使用状况：${c.status}`,
    `入账日期：${c.bookedOn}　原值：${money(c.costFen)}　累计折旧：${money(c.accumulatedFen)}　净值：${money(c.netFen)}　折旧年限：${c.lifeMonths} 个月（已提 ${c.monthsDepreciated} 个月）`,
    ...(c.disposedOn ? [`处置：${c.disposedOn} ${c.disposalType ?? ''}`] : []),
    '变动记录：',
    ...c.events.map((e) => `  ${e.effectiveOn}  ${EVENT_LABELS[e.type] ?? e.type}${e.docNo ? `  ${e.docNo}` : ''}`),
  ].join('\n');
}

const EVENT_LABELS: Record<string, string> = { acquire: '取得', edit: '修改', move: '变动', transfer: '调剂', 'cost-change': '原值变动', 'life-change': '年限变动', dispose: '处置', 'share-start': '共享开始', 'share-end': '共享结束' };

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
          built ? `示例数据：${built.units} 个单位，${built.departments} 个科室，${built.users.length} 个用户（密码见 --json 输出）${built.staff ? `，人员 ${built.staff.people} 人（聘用 ${built.staff.appointments} 条）` : ''}` : '',
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
    usage: 'assets import FILE --unit CODE [--opening-period YYYY-MM] [--skip-invalid] [--dry-run] [--errors FILE.xlsx] [--db FILE] [--json]',
    summary: '从 .xlsx 或 .csv（UTF-8/GB18030）导入资产卡片；累计折旧为 --opening-period 月末数，下月起继续计提；默认有错误行则全部不导入；--errors 把原表加「错误说明」列（错误单元格标红）写到文件',
    options: { ...IMPORT_OPTIONS, unit: { type: 'string' }, 'opening-period': { type: 'string' }, errors: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const upload = { ...fileUpload(args[0]!, values), unitCode: values.unit as string | undefined, openingPeriod: values['opening-period'] as string | undefined };
      const r = await call(ledger!, 'assets.import', upload);
      return writeErrorSheet(ledger!, upload, r, values, importOutcome(r, values));
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
    name: 'assets show',
    usage: 'assets show CODE [--as-of YYYY-MM-DD] [--db FILE] [--json]',
    summary: '资产卡片：各字段、原值 costFen、累计折旧 accumulatedFen、净值 netFen 和全部变动记录 events；--as-of 还原该日的状态（单位、科室、使用人、存放地点、状况、原值、年限、截至该月的累计折旧）',
    options: { 'as-of': { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const card = await call(ledger!, 'assets.show', { code: args[0]!, ...(typeof values['as-of'] === 'string' ? { asOf: values['as-of'] } : {}) });
      return { doc: card, text: cardText(card) };
    },
  },
  {
    name: 'assets transfer',
    usage: 'assets transfer CODE --to UNIT --date YYYY-MM-DD [--doc 文号] [--dept 科室编码] [--user 使用人] [--location 存放地点] [--db FILE] [--json]',
    summary: '调剂：把资产调到另一成员单位，保留资产编号和全部历史；当月起折旧记入调入单位',
    options: { to: { type: 'string' }, date: { type: 'string' }, doc: { type: 'string' }, dept: { type: 'string' }, user: { type: 'string' }, location: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const row = await call(ledger!, 'assets.transfer', {
        code: args[0]!,
        toUnitCode: required(values, 'to', '请用 --to 指定调入单位编码'),
        date: required(values, 'date', '请用 --date YYYY-MM-DD 指定调剂日期'),
        docNo: str(values.doc),
        usingDeptCode: str(values.dept),
        userName: str(values.user),
        location: str(values.location),
      });
      return { doc: row, text: `已调剂 ${row.code} ${row.name} 到 ${row.unitCode} ${row.unitName}${row.usingDeptName ? ` ${row.usingDeptName}` : ''}` };
    },
  },
  {
    name: 'assets dispose',
    usage: `assets dispose CODE --type 处置方式 --date YYYY-MM-DD --doc 批准文号 [--db FILE] [--json]`,
    summary: `处置资产（${DISPOSAL_TYPES.join('、')}）；卡片保留并标记为已处置，处置当月起不再计提折旧`,
    options: { type: { type: 'string' }, date: { type: 'string' }, doc: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const row = await call(ledger!, 'assets.dispose', {
        code: args[0]!,
        type: required(values, 'type', `请用 --type 指定处置方式：${DISPOSAL_TYPES.join('、')}`) as never,
        date: required(values, 'date', '请用 --date YYYY-MM-DD 指定处置日期'),
        docNo: required(values, 'doc', '请用 --doc 填写批准文号'),
      });
      return { doc: row, text: `已处置 ${row.code} ${row.name}（净值 ${formatMoney(row.netFen, { symbol: true })}）` };
    },
  },
  {
    name: 'assets move',
    usage: 'assets move CODE --date YYYY-MM-DD [--dept 使用科室编码] [--managing-dept 管理科室编码] [--user 使用人] [--location 存放地点] [--status 使用状况] [--doc 文号] [--db FILE] [--json]',
    summary: '单位内变动：使用科室、管理科室、使用人、存放地点或使用状况（在用、闲置、出租出借、待修、待报废）',
    options: { date: { type: 'string' }, dept: { type: 'string' }, 'managing-dept': { type: 'string' }, user: { type: 'string' }, location: { type: 'string' }, status: { type: 'string' }, doc: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const row = await call(ledger!, 'assets.move', {
        code: args[0]!,
        date: required(values, 'date', '请用 --date YYYY-MM-DD 指定变动日期'),
        usingDeptCode: str(values.dept),
        managingDeptCode: str(values['managing-dept']),
        userName: str(values.user),
        location: str(values.location),
        status: str(values.status) as never,
        docNo: str(values.doc),
      });
      return { doc: row, text: `已变动 ${row.code}：${[row.usingDeptName, row.userName, row.location, row.status].filter(Boolean).join('，')}` };
    },
  },
  {
    name: 'assets change-cost',
    usage: 'assets change-cost CODE --date YYYY-MM-DD (--cost 新原值 | --delta 变动额) [--life-months N] --reason 原因 [--doc 文号] [--db FILE] [--json]',
    summary: '原值变动（改建、扩建、修缮）和/或折旧年限变动，自变动当月起按（新原值 − 累计折旧）÷（新年限 − 已提月数）重新计算；金额以元填写（如 1200 或 ¥1,200.00）',
    options: { date: { type: 'string' }, cost: { type: 'string' }, delta: { type: 'string' }, 'life-months': { type: 'string' }, reason: { type: 'string' }, doc: { type: 'string' } },
    positionals: 1,
    opensLedger: true,
    async run({ ledger, args, values }) {
      const life = str(values['life-months']);
      if (life !== undefined && !/^\d+$/.test(life)) throw new LedgerError('VALIDATION', `--life-months 应为月数（正整数）：${life}`, { key: 'error.usage' });
      const row = await call(ledger!, 'assets.changeCost', {
        code: args[0]!,
        date: required(values, 'date', '请用 --date YYYY-MM-DD 指定变动日期'),
        newCostFen: yuanOption(values, 'cost'),
        deltaFen: yuanOption(values, 'delta', true),
        lifeMonths: life === undefined ? undefined : Number(life),
        reason: required(values, 'reason', '请用 --reason 写明变动原因'),
        docNo: str(values.doc),
      });
      return { doc: row, text: `已变动 ${row.code}：原值 ${formatMoney(row.costFen, { symbol: true })}，折旧年限 ${row.lifeMonths} 个月` };
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
  ...sharingCommands(call),
  ...countCommands(call),
  ...postsCommands(call),
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
  // `ledger … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const json = argv.includes('--json');
  const words = argv.filter((a) => !a.startsWith('-'));
  const command =
    COMMANDS.find((c) => c.name.split(' ').length === 3 && words.slice(0, 3).join(' ') === c.name) ??
    COMMANDS.find((c) => c.name.split(' ').length === 2 && words.slice(0, 2).join(' ') === c.name) ??
    COMMANDS.find((c) => c.name.split(' ').length === 1 && words[0] === c.name);
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
  if (command.variadic ? args.length < (command.positionals ?? 0) : (command.positionals ?? 0) !== args.length) {
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
