import type Database from 'better-sqlite3';
import type { AppointResult, AppointmentRow, PoolState, QuotaInput, QuotaRow, RatioSetRow, RoundRow } from '../../../shared/api/posts';
import { can } from '../../../shared/auth/roles';
import { BANDS, POST_CATEGORIES, POST_NAMES, gradeLabel, type Grade, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { ROUNDINGS, ratioSetProblems, type Breach, type RatioSet } from '../../../shared/domain/posts/ratios';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { HandlerContext, HandlerMap, Recorder } from '../../engine/context';
import { image, newId } from '../../engine/rows';
import { throwIfProblems } from '../batch';
import { requireUnitInScope } from '../org/units';
import { requireStaff } from '../staff';
import {
  APPOINTMENT_SELECT,
  RatioSets,
  allUnits,
  appointmentById,
  breachText,
  capCheck,
  loadRatioSets,
  poolAllocations,
  quotaRow,
  toAppointmentRow,
  type AppointmentDb,
  type QuotaDb,
  type UnitRef,
} from './common';
import { quotaIoHandlers } from './quota-io';
import { reportHandlers } from './reports';

// Post settings (issue #5): ratio sets, quotas, the staffing pool, appointments with cap checks
// and overrides, competition rounds. Writes are community-wide (posts.manage: HR, admin).

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function capError(breaches: Breach[], who?: string): LedgerError {
  const first = breaches[0]!;
  return new LedgerError(
    'CAP_EXCEEDED',
    `${who ? `${who}：` : ''}聘用被拒绝，超出岗位限额——${breachText(first)}${breaches.length > 1 ? `（共 ${breaches.length} 项超限）` : ''}。如确需突破，须由有权限的人员写明理由后强制聘用（--override "理由"）`,
    {
      key: 'error.capExceeded',
      params: { rule: first.rule, label: first.label, current: first.current, limit: first.limit },
      details: breaches.map((b) => ({ field: b.rule, message: breachText(b), current: b.current, limit: b.limit })),
    },
  );
}

interface AppointArgs {
  staffNo: string;
  unit: UnitRef;
  category: PostCategory;
  grade: Grade;
  postName?: string | null;
  basis: '竞聘' | '直接聘任';
  roundId?: string | null;
  scoreHundredths?: number | null;
  rank?: number | null;
  termStart: string;
  termEnd?: string | null;
  filingNo?: string | null;
  contractNo?: string | null;
  override?: string;
}

/**
 * One appointment inside a write: cap check, end the person's post in the same category (转聘),
 * insert. Returns the breaches instead of writing when over a cap without an override.
 */
function appointOne(ctx: HandlerContext, a: AppointArgs, sets: RatioSets, record: Recorder, at: string): { ok: true; result: AppointResult } | { ok: false; breaches: Breach[] } {
  const db = ctx.db;
  const staff = requireStaff(ctx, a.staffNo);
  if (staff.left_on && staff.left_on <= a.termStart) throw new LedgerError('VALIDATION', `${staff.staff_no} ${staff.name} 已于 ${staff.left_on} 离岗，不能聘用`, { key: 'error.staffLeft' });
  const check = capCheck(db, staff.id, a.unit, a.category, a.grade, sets);
  if (check.breaches.length && !a.override) return { ok: false, breaches: check.breaches };
  if (check.breaches.length && !(ctx.actor.role && can(ctx.actor.role, 'posts.override'))) {
    throw new LedgerError('FORBIDDEN', '当前角色无权突破岗位限额', { key: 'error.FORBIDDEN', params: { method: 'posts.override' } });
  }
  const ended: string[] = [];
  for (const id of check.supersedes) {
    const before = db.prepare('SELECT * FROM appointments WHERE id = ?').get(id) as AppointmentDb;
    const endOn = dayBefore(a.termStart) < before.term_start ? before.term_start : dayBefore(a.termStart);
    db.prepare('UPDATE appointments SET ended_on = ?, end_reason = ?, ended_by = ? WHERE id = ?').run(endOn, `转聘（${a.unit.code} ${gradeLabel(a.category, a.grade)}）`, ctx.actor.name, id);
    record({ entity: 'appointment', id, before: image(before), after: image(db.prepare('SELECT * FROM appointments WHERE id = ?').get(id) as object) });
    ended.push(id);
  }
  const id = newId();
  const row = {
    id,
    staff_id: staff.id,
    unit_id: a.unit.id,
    category: a.category,
    grade: a.grade,
    post_name: a.postName ?? null,
    basis: a.basis,
    round_id: a.roundId ?? null,
    score_hundredths: a.scoreHundredths ?? null,
    rank: a.rank ?? null,
    term_start: a.termStart,
    term_end: a.termEnd ?? null,
    filing_no: a.filingNo ?? null,
    contract_no: a.contractNo ?? null,
    override_reason: check.breaches.length ? a.override! : null,
    override_rules: check.breaches.length ? JSON.stringify(check.breaches) : null,
    created_at: at,
    created_by: ctx.actor.name,
  };
  db.prepare(
    `INSERT INTO appointments (id, staff_id, unit_id, category, grade, post_name, basis, round_id, score_hundredths, rank, term_start, term_end, filing_no, contract_no, override_reason, override_rules, created_at, created_by)
     VALUES (@id, @staff_id, @unit_id, @category, @grade, @post_name, @basis, @round_id, @score_hundredths, @rank, @term_start, @term_end, @filing_no, @contract_no, @override_reason, @override_rules, @created_at, @created_by)`,
  ).run(row);
  record({ entity: 'appointment', id, before: null, after: { ...row } });
  return { ok: true, result: { ...appointmentById(db, id)!, ended } };
}

// ---------------------------------------------------------------------------------------------
// Quotas

/** Validate and write quota rows (inside a write); problems carry `row` = position (or the sheet row given). */
export function saveQuotas(ctx: HandlerContext, rows: { row: number; input: QuotaInput }[], record: Recorder, at: string): { problems: ErrorDetail[]; saved: string[] } {
  const db = ctx.db;
  const sets = new RatioSets(loadRatioSets(db));
  const problems: ErrorDetail[] = [];
  const saved: string[] = [];
  const seen = new Map<string, number>();
  for (const { row, input } of rows) {
    const p = (field: string, message: string) => problems.push({ row, field, message });
    let unit: UnitRef;
    try {
      unit = requireUnitInScope(ctx, input.unitCode) as UnitRef;
    } catch (err) {
      p('unitCode', (err as Error).message);
      continue;
    }
    if (seen.has(unit.id)) {
      p('unitCode', `单位 ${unit.code} 与第 ${seen.get(unit.id)} 行重复`);
      continue;
    }
    seen.set(unit.id, row);
    if (input.ratioSet && !sets.get(input.ratioSet)) p('ratioSet', `比例方案 ${input.ratioSet} 不存在（现有：${sets.rows.map((s) => s.code).join('、')}）`);
    const pool = poolAllocations(db, unit.id).get(unit.id) ?? 0;
    if (input.totalPosts > input.staffing + pool) p('totalPosts', `岗位总量 ${input.totalPosts} 超过编制数 ${input.staffing + pool}${pool ? `（含周转池 ${pool}）` : ''}`);
    const sum = input.mgmtPosts + input.proPosts + input.workerPosts;
    if (sum > input.totalPosts) p('proPosts', `管理、专业技术、工勤岗位之和 ${sum} 超过岗位总量 ${input.totalPosts}`);
    const catPosts: Record<PostCategory, number> = { 管理: input.mgmtPosts, 专业技术: input.proPosts, 工勤: input.workerPosts };
    for (const c of POST_CATEGORIES) {
      const set = BANDS.filter((b) => b.category === c && input.bands[b.band] !== undefined);
      const n = set.reduce((s, b) => s + (input.bands[b.band] ?? 0), 0);
      if (n > catPosts[c]) p(`bands.${set[0]!.band}`, `${set.map((b) => b.band).join('、')}岗位之和 ${n} 超过${c}岗位 ${catPosts[c]}`);
    }
    const cur = db.prepare('SELECT * FROM post_quotas WHERE unit_id = ?').get(unit.id) as (QuotaDb & { updated_by: string; updated_at: string }) | undefined;
    if (cur && input.version !== undefined && input.version !== cur.version) {
      p('version', `单位 ${unit.code} 的岗位设置已被 ${cur.updated_by} 于 ${cur.updated_at} 修改，请刷新后再编辑`);
    }
    if (problems.some((x) => x.row === row)) continue;
    const next = {
      unit_id: unit.id,
      ratio_set: input.ratioSet ? sets.get(input.ratioSet)!.code : null,
      staffing: input.staffing,
      total_posts: input.totalPosts,
      mgmt_posts: input.mgmtPosts,
      pro_posts: input.proPosts,
      worker_posts: input.workerPosts,
      bands: JSON.stringify(Object.fromEntries(BANDS.filter((b) => input.bands[b.band] !== undefined).map((b) => [b.band, input.bands[b.band]]))),
      doc_no: input.docNo ?? null,
    };
    if (cur) {
      const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => next[k] === cur[k]);
      if (same) {
        saved.push(unit.id);
        continue;
      }
      db.prepare(
        `UPDATE post_quotas SET ratio_set=@ratio_set, staffing=@staffing, total_posts=@total_posts, mgmt_posts=@mgmt_posts, pro_posts=@pro_posts, worker_posts=@worker_posts,
           bands=@bands, doc_no=@doc_no, updated_at=@at, updated_by=@by, version=version+1 WHERE unit_id=@unit_id`,
      ).run({ ...next, at, by: ctx.actor.name });
    } else {
      db.prepare(
        `INSERT INTO post_quotas (unit_id, ratio_set, staffing, total_posts, mgmt_posts, pro_posts, worker_posts, bands, doc_no, created_at, updated_at, updated_by, version)
         VALUES (@unit_id, @ratio_set, @staffing, @total_posts, @mgmt_posts, @pro_posts, @worker_posts, @bands, @doc_no, @at, @at, @by, 1)`,
      ).run({ ...next, at, by: ctx.actor.name });
    }
    record({ entity: 'post_quota', id: unit.id, before: image(cur), after: image(db.prepare('SELECT * FROM post_quotas WHERE unit_id = ?').get(unit.id) as object) });
    saved.push(unit.id);
  }
  return { problems, saved };
}

export function listQuotas(ctx: HandlerContext, unitCode?: string): QuotaRow[] {
  const db = ctx.db;
  const only = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  const sets = new RatioSets(loadRatioSets(db));
  const quotas = new Map((db.prepare('SELECT * FROM post_quotas').all() as QuotaDb[]).map((q) => [q.unit_id, q]));
  const pool = poolAllocations(db);
  return allUnits(db)
    .filter((u) => (only ? u.id === only.id : ctx.inScope(u.id)))
    .map((u) => quotaRow(u, quotas.get(u.id), pool.get(u.id) ?? 0, sets));
}

// ---------------------------------------------------------------------------------------------
// Pool

function poolState(db: Database.Database): PoolState {
  const history = db
    .prepare(
      `SELECT m.id, m.kind, u.code AS unitCode, u.name AS unitName, m.amount, m.effective_on AS effectiveOn, m.doc_no AS docNo, m.reason, m.created_at AS createdAt, m.created_by AS createdBy
       FROM staffing_pool_moves m LEFT JOIN units u ON u.id = m.unit_id ORDER BY m.effective_on, m.created_at, m.rowid`,
    )
    .all() as PoolState['history'];
  let size = 0;
  const by = new Map<string, { unitCode: string; unitName: string; allocated: number }>();
  for (const h of history) {
    if (h.kind === 'deposit') size += h.amount;
    else {
      const e = by.get(h.unitCode!) ?? { unitCode: h.unitCode!, unitName: h.unitName!, allocated: 0 };
      e.allocated += h.kind === 'allocate' ? h.amount : -h.amount;
      by.set(h.unitCode!, e);
    }
  }
  const byUnit = [...by.values()].filter((u) => u.allocated !== 0).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  const allocated = byUnit.reduce((s, u) => s + u.allocated, 0);
  return { size, allocated, available: size - allocated, byUnit, history };
}

// ---------------------------------------------------------------------------------------------
// Rounds

interface RoundDb {
  id: string;
  round_no: string;
  name: string;
  unit_id: string;
  held_on: string;
  status: 'open' | 'finalised';
  version: number;
}

function requireRound(ctx: HandlerContext, roundNo: string): RoundDb {
  const r = ctx.db.prepare('SELECT * FROM post_rounds WHERE round_no = ?').get(roundNo) as RoundDb | undefined;
  if (!r || !ctx.inScope(r.unit_id)) throw new LedgerError('NOT_FOUND', `竞聘 ${roundNo} 不存在`, { key: 'error.roundNotFound', params: { roundNo } });
  return r;
}

function roundRow(db: Database.Database, r: RoundDb): RoundRow {
  const unit = db.prepare('SELECT code, name FROM units WHERE id = ?').get(r.unit_id) as { code: string; name: string };
  const offers = db.prepare('SELECT * FROM post_round_offers WHERE round_id = ? ORDER BY seq').all(r.id) as { id: string; seq: number; category: PostCategory; grade: Grade; post_name: string | null; places: number }[];
  const apps = db
    .prepare('SELECT a.offer_id AS offerId, s.staff_no AS staffNo, s.name, a.score_hundredths AS score FROM post_round_applicants a JOIN staff s ON s.id = a.staff_id WHERE a.offer_id IN (SELECT id FROM post_round_offers WHERE round_id = ?)')
    .all(r.id) as { offerId: string; staffNo: string; name: string; score: number | null }[];
  return {
    roundNo: r.round_no,
    name: r.name,
    unitCode: unit.code,
    unitName: unit.name,
    heldOn: r.held_on,
    status: r.status,
    version: r.version,
    offers: offers.map((o) => {
      const list = apps.filter((a) => a.offerId === o.id).sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.staffNo.localeCompare(b.staffNo));
      return {
        seq: o.seq,
        category: o.category,
        grade: o.grade,
        gradeLabel: gradeLabel(o.category, o.grade),
        postName: o.post_name,
        places: o.places,
        applicants: list.map((a, i) => ({
          staffNo: a.staffNo,
          name: a.name,
          score: a.score === null ? null : a.score / 100,
          rank: a.score === null ? null : 1 + list.filter((x) => x.score !== null && x.score > a.score!).length,
          wins: a.score !== null && i < o.places,
        })),
      };
    }),
  };
}

const hundredths = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 100));

export const postsHandlers: HandlerMap<
  | 'posts.catalogue'
  | 'posts.ratioSets.list'
  | 'posts.ratioSets.save'
  | 'posts.quotas.list'
  | 'posts.quotas.save'
  | 'posts.pool.get'
  | 'posts.pool.move'
  | 'posts.check'
  | 'posts.appoint'
  | 'posts.end'
  | 'posts.appointments'
  | 'posts.overrides'
  | 'posts.rounds.list'
  | 'posts.rounds.get'
  | 'posts.rounds.create'
  | 'posts.rounds.score'
  | 'posts.rounds.finalise'
> = {
  'posts.catalogue': () => ({ categories: POST_CATEGORIES, bands: BANDS, postNames: POST_NAMES, rounding: ROUNDINGS }),

  'posts.ratioSets.list': (_a, ctx) => loadRatioSets(ctx.db),

  'posts.ratioSets.save': (args, ctx) => {
    const set: RatioSet = { code: args.code, name: args.name, unitTypes: args.unitTypes, rounding: args.rounding, rules: args.rules as RatioSet['rules'] };
    const problems = ratioSetProblems(set);
    if (problems.length) throw new LedgerError('VALIDATION', `比例方案有误：${problems[0]}`, { key: 'error.ratioSet', details: problems.map((m) => ({ field: 'rules', message: m })) });
    ctx.write(`保存岗位结构比例方案 ${args.code}`, (record, at) => {
      const cur = ctx.db.prepare('SELECT * FROM post_ratio_sets WHERE code = ?').get(args.code) as (RatioSetRow & { id: string; version: number; updated_by: string; updated_at: string }) | undefined;
      if (cur && args.version !== undefined && cur.version !== args.version) {
        throw new LedgerError('CONFLICT', `比例方案 ${args.code} 已被 ${cur.updated_by} 于 ${cur.updated_at} 修改，请刷新后再编辑`, { key: 'error.CONFLICT' });
      }
      const id = cur?.id ?? newId();
      const values = { id, code: args.code, name: args.name, unit_types: JSON.stringify(args.unitTypes), rounding: args.rounding, rules: JSON.stringify(args.rules), at, by: ctx.actor.name };
      if (cur) ctx.db.prepare('UPDATE post_ratio_sets SET name=@name, unit_types=@unit_types, rounding=@rounding, rules=@rules, updated_at=@at, updated_by=@by, version=version+1 WHERE id=@id').run(values);
      else ctx.db.prepare('INSERT INTO post_ratio_sets (id, code, name, unit_types, rounding, rules, created_at, updated_at, updated_by, version) VALUES (@id,@code,@name,@unit_types,@rounding,@rules,@at,@at,@by,1)').run(values);
      record({ entity: 'post_ratio_set', id, before: image(cur), after: image(ctx.db.prepare('SELECT * FROM post_ratio_sets WHERE id = ?').get(id) as object) });
    });
    return loadRatioSets(ctx.db).find((s) => s.code.toUpperCase() === args.code.toUpperCase())!;
  },

  'posts.quotas.list': ({ unitCode }, ctx) => listQuotas(ctx, unitCode),

  'posts.quotas.save': ({ rows }, ctx) => {
    const { result, batchId } = ctx.write(`岗位设置：${rows.length} 个单位`, (record, at) => {
      const { problems, saved } = saveQuotas(
        ctx,
        rows.map((input, i) => ({ row: i + 1, input })),
        record,
        at,
      );
      throwIfProblems(problems, '岗位设置');
      return saved;
    });
    const codes = new Set(rows.map((r) => r.unitCode.toUpperCase()));
    return { batchId, rows: listQuotas(ctx).filter((q) => codes.has(q.unitCode.toUpperCase())) };
  },

  'posts.pool.get': (_a, ctx) => poolState(ctx.db),

  'posts.pool.move': (args, ctx) => {
    const unit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
    if (args.kind === 'deposit' && unit) throw new LedgerError('VALIDATION', '存入周转池不指定单位', { key: 'error.usage' });
    if (args.kind !== 'deposit' && !unit) throw new LedgerError('VALIDATION', '调剂或收回须指定单位', { key: 'error.usage' });
    const label = args.kind === 'deposit' ? `存入编制周转池 ${args.amount} 名` : args.kind === 'allocate' ? `从编制周转池调剂 ${args.amount} 名给 ${unit!.code}` : `从 ${unit!.code} 收回周转编制 ${args.amount} 名`;
    ctx.write(label, (record, at) => {
      const state = poolState(ctx.db);
      if (args.kind === 'allocate' && args.amount > state.available) {
        throw new LedgerError('CAP_EXCEEDED', `编制周转池可用 ${state.available} 名，不足 ${args.amount} 名`, { key: 'error.poolShort', params: { current: state.available, limit: args.amount }, details: [{ field: 'pool', message: `可用 ${state.available}`, current: state.available, limit: args.amount }] });
      }
      if (args.kind === 'recall') {
        const has = state.byUnit.find((u) => u.unitCode === unit!.code)?.allocated ?? 0;
        if (args.amount > has) throw new LedgerError('VALIDATION', `单位 ${unit!.code} 只有周转编制 ${has} 名`, { key: 'error.poolRecall' });
        const q = ctx.db.prepare('SELECT staffing, total_posts FROM post_quotas WHERE unit_id = ?').get(unit!.id) as { staffing: number; total_posts: number } | undefined;
        if (q && q.total_posts > q.staffing + has - args.amount) {
          throw new LedgerError('VALIDATION', `收回后 ${unit!.code} 的编制为 ${q.staffing + has - args.amount}，低于岗位总量 ${q.total_posts}，请先调整岗位设置`, { key: 'error.poolRecall' });
        }
      }
      const row = { id: newId(), kind: args.kind, unit_id: unit?.id ?? null, amount: args.amount, effective_on: args.date, doc_no: args.docNo ?? null, reason: args.reason ?? null, created_at: at, created_by: ctx.actor.name };
      ctx.db.prepare('INSERT INTO staffing_pool_moves (id, kind, unit_id, amount, effective_on, doc_no, reason, created_at, created_by) VALUES (@id,@kind,@unit_id,@amount,@effective_on,@doc_no,@reason,@created_at,@created_by)').run(row);
      record({ entity: 'staffing_pool_move', id: row.id, before: null, after: row });
    });
    return poolState(ctx.db);
  },

  'posts.check': (args, ctx) => {
    const staff = requireStaff(ctx, args.staffNo);
    const unit = requireUnitInScope(ctx, args.unitCode) as UnitRef;
    const c = capCheck(ctx.db, staff.id, unit, args.category, args.grade, new RatioSets(loadRatioSets(ctx.db)));
    return { ok: c.breaches.length === 0, breaches: c.breaches, supersedes: c.supersedes, countedOnce: c.countedOnce };
  },

  'posts.appoint': (args, ctx) => {
    const unit = requireUnitInScope(ctx, args.unitCode) as UnitRef;
    const round = args.roundNo ? requireRound(ctx, args.roundNo) : undefined;
    if (round && args.basis !== '竞聘') throw new LedgerError('VALIDATION', '指定竞聘批次时聘用方式应为“竞聘”', { key: 'error.usage' });
    const sets = new RatioSets(loadRatioSets(ctx.db));
    const summary = `聘用 ${args.staffNo} 到 ${unit.code} ${gradeLabel(args.category, args.grade)}${args.override ? `（突破限额：${args.override}）` : ''}`;
    const { result } = ctx.write(summary, (record, at) => {
      const r = appointOne(ctx, { ...args, unit, roundId: round?.id, scoreHundredths: hundredths(args.score) }, sets, record, at);
      if (!r.ok) throw capError(r.breaches);
      return r.result;
    });
    return result;
  },

  'posts.end': (args, ctx) => {
    const cur = ctx.db.prepare('SELECT * FROM appointments WHERE id = ?').get(args.id) as AppointmentDb | undefined;
    if (!cur || !ctx.inScope(cur.unit_id)) throw new LedgerError('NOT_FOUND', '聘用记录不存在', { key: 'error.NOT_FOUND' });
    if (cur.ended_on) throw new LedgerError('CONFLICT', `该聘用已于 ${cur.ended_on} 结束（${cur.end_reason}）`, { key: 'error.appointmentEnded' });
    if (args.date < cur.term_start) throw new LedgerError('VALIDATION', `结束日期 ${args.date} 早于聘期开始 ${cur.term_start}`, { key: 'error.usage' });
    ctx.write(`结束聘用 ${args.id}：${args.reason}`, (record) => {
      ctx.db.prepare('UPDATE appointments SET ended_on = ?, end_reason = ?, ended_by = ? WHERE id = ?').run(args.date, args.reason, ctx.actor.name, args.id);
      record({ entity: 'appointment', id: args.id, before: image(cur), after: image(ctx.db.prepare('SELECT * FROM appointments WHERE id = ?').get(args.id) as object) });
    });
    return appointmentById(ctx.db, args.id)!;
  },

  'posts.appointments': ({ unitCode, staffNo, includeEnded }, ctx) => {
    const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
    const staff = staffNo ? requireStaff(ctx, staffNo) : undefined;
    const where = [unit ? 'a.unit_id = @unit' : '', staff ? 'a.staff_id = @staff' : '', includeEnded ? '' : 'a.ended_on IS NULL'].filter(Boolean);
    const rows = ctx.db.prepare(`${APPOINTMENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.code, a.category, a.grade, s.staff_no, a.term_start`).all({ unit: unit?.id, staff: staff?.id }) as AppointmentDb[];
    return rows.filter((r) => ctx.inScope(r.unit_id)).map(toAppointmentRow);
  },

  'posts.overrides': (_a, ctx) => {
    const rows = ctx.db.prepare(`${APPOINTMENT_SELECT} WHERE a.override_reason IS NOT NULL ORDER BY a.created_at`).all() as AppointmentDb[];
    return rows.filter((r) => ctx.inScope(r.unit_id)).map(toAppointmentRow);
  },

  'posts.rounds.list': ({ unitCode }, ctx) => {
    const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
    const rows = ctx.db.prepare(`SELECT * FROM post_rounds ${unit ? 'WHERE unit_id = ?' : ''} ORDER BY held_on DESC, round_no`).all(...(unit ? [unit.id] : [])) as RoundDb[];
    return rows.filter((r) => ctx.inScope(r.unit_id)).map((r) => roundRow(ctx.db, r));
  },

  'posts.rounds.get': ({ roundNo }, ctx) => roundRow(ctx.db, requireRound(ctx, roundNo)),

  'posts.rounds.create': (args, ctx) => {
    const unit = requireUnitInScope(ctx, args.unitCode);
    const year = args.heldOn.slice(0, 4);
    const { result } = ctx.write(`新建竞聘 ${args.name}`, (record, at) => {
      let roundNo = args.roundNo;
      if (!roundNo) {
        const n = ctx.db.prepare("SELECT count(*) FROM post_rounds WHERE round_no LIKE ?").pluck().get(`JP${year}-%`) as number;
        roundNo = `JP${year}-${String(n + 1).padStart(3, '0')}`;
      }
      if (ctx.db.prepare('SELECT 1 FROM post_rounds WHERE round_no = ?').get(roundNo)) throw new LedgerError('DUPLICATE', `竞聘编号 ${roundNo} 已存在`, { key: 'error.DUPLICATE' });
      const id = newId();
      const round = { id, round_no: roundNo, name: args.name, unit_id: unit.id, held_on: args.heldOn, status: 'open', created_at: at, updated_at: at, updated_by: ctx.actor.name, version: 1 };
      ctx.db.prepare('INSERT INTO post_rounds (id, round_no, name, unit_id, held_on, status, created_at, updated_at, updated_by, version) VALUES (@id,@round_no,@name,@unit_id,@held_on,@status,@created_at,@updated_at,@updated_by,@version)').run(round);
      record({ entity: 'post_round', id, before: null, after: round });
      args.offers.forEach((o, i) => {
        const offer = { id: newId(), round_id: id, seq: i + 1, category: o.category, grade: o.grade, post_name: o.postName ?? null, places: o.places };
        ctx.db.prepare('INSERT INTO post_round_offers (id, round_id, seq, category, grade, post_name, places) VALUES (@id,@round_id,@seq,@category,@grade,@post_name,@places)').run(offer);
        record({ entity: 'post_round_offer', id: offer.id, before: null, after: offer });
      });
      return roundNo;
    });
    return roundRow(ctx.db, requireRound(ctx, result));
  },

  'posts.rounds.score': (args, ctx) => {
    const round = requireRound(ctx, args.roundNo);
    if (round.status !== 'open') throw new LedgerError('CONFLICT', `竞聘 ${round.round_no} 已确定结果，不能再修改`, { key: 'error.roundClosed' });
    ctx.write(`竞聘 ${round.round_no}：登记 ${args.entries.length} 名报名及成绩`, (record) => {
      const problems: ErrorDetail[] = [];
      args.entries.forEach((e, i) => {
        const offer = ctx.db.prepare('SELECT id FROM post_round_offers WHERE round_id = ? AND seq = ?').get(round.id, e.offer) as { id: string } | undefined;
        if (!offer) return problems.push({ row: i + 1, field: 'offer', message: `没有第 ${e.offer} 个岗位` });
        let staffId: string;
        try {
          staffId = requireStaff(ctx, e.staffNo).id;
        } catch (err) {
          return problems.push({ row: i + 1, field: 'staffNo', message: (err as Error).message });
        }
        const cur = ctx.db.prepare('SELECT * FROM post_round_applicants WHERE offer_id = ? AND staff_id = ?').get(offer.id, staffId) as { id: string; score_hundredths: number | null } | undefined;
        const score = e.score === undefined ? (cur?.score_hundredths ?? null) : hundredths(e.score);
        if (cur) {
          if (cur.score_hundredths === score) return;
          ctx.db.prepare('UPDATE post_round_applicants SET score_hundredths = ? WHERE id = ?').run(score, cur.id);
          record({ entity: 'post_round_applicant', id: cur.id, before: image(cur), after: { ...cur, score_hundredths: score } });
        } else {
          const row = { id: newId(), offer_id: offer.id, staff_id: staffId, score_hundredths: score };
          ctx.db.prepare('INSERT INTO post_round_applicants (id, offer_id, staff_id, score_hundredths) VALUES (@id,@offer_id,@staff_id,@score_hundredths)').run(row);
          record({ entity: 'post_round_applicant', id: row.id, before: null, after: row });
        }
        return undefined;
      });
      throwIfProblems(problems, '竞聘成绩');
    });
    return roundRow(ctx.db, round);
  },

  'posts.rounds.finalise': (args, ctx) => {
    const round = requireRound(ctx, args.roundNo);
    if (round.status !== 'open') throw new LedgerError('CONFLICT', `竞聘 ${round.round_no} 已确定结果`, { key: 'error.roundClosed' });
    const unit = ctx.db.prepare('SELECT id, code, name, type FROM units WHERE id = ?').get(round.unit_id) as UnitRef;
    const sets = new RatioSets(loadRatioSets(ctx.db));
    const before = roundRow(ctx.db, round);
    // A tie across the cut-off is not ours to settle (by 工号 or anything else): HR must break it, e.g. with a re-scored 加试.
    const ties: ErrorDetail[] = [];
    for (const offer of before.offers) {
      const last = offer.applicants[offer.places - 1];
      const next = offer.applicants[offer.places];
      if (last && next && last.score !== null && last.score === next.score) {
        const tied = offer.applicants.filter((x) => x.score === last.score).map((x) => `${x.staffNo} ${x.name}`);
        ties.push({ field: 'score', column: offer.postName ?? offer.gradeLabel, message: `${offer.gradeLabel}${offer.postName ? ` ${offer.postName}` : ''}：${tied.join('、')} 同为 ${last.score} 分，并列在第 ${offer.places} 名（聘用名额 ${offer.places} 个）处，请先加试或调整成绩` });
      }
    }
    if (ties.length) throw new LedgerError('CONFLICT', `竞聘 ${round.round_no} 有成绩并列跨越聘用名额，不能确定结果`, { key: 'error.roundTie', details: ties });
    const { result } = ctx.write(`竞聘 ${round.round_no} 确定结果并聘用${args.override ? `（突破限额：${args.override}）` : ''}`, (record, at) => {
      const made: AppointResult[] = [];
      const refused: ErrorDetail[] = [];
      for (const offer of before.offers) {
        for (const a of offer.applicants.filter((x) => x.wins)) {
          const r = appointOne(
            ctx,
            { staffNo: a.staffNo, unit, category: offer.category, grade: offer.grade, postName: offer.postName, basis: '竞聘', roundId: round.id, scoreHundredths: hundredths(a.score), rank: a.rank, termStart: args.termStart, termEnd: args.termEnd, filingNo: args.filingNo, override: args.override },
            sets,
            record,
            at,
          );
          if (r.ok) made.push(r.result);
          else refused.push(...r.breaches.map((b) => ({ id: a.staffNo, field: b.rule, column: b.label, message: `${a.staffNo} ${a.name}（${offer.gradeLabel}）：${breachText(b)}`, current: b.current, limit: b.limit })));
        }
      }
      if (refused.length) {
        const e = capError(refused.map((d) => ({ rule: d.field!, label: d.column!, current: d.current!, limit: d.limit! })), `竞聘 ${round.round_no}`);
        throw new LedgerError(e.code, e.message, { key: e.key, params: e.params, details: refused });
      }
      ctx.db.prepare("UPDATE post_rounds SET status = 'finalised', finalised_at = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?").run(at, at, ctx.actor.name, round.id);
      record({ entity: 'post_round', id: round.id, before: image(round), after: { ...round, status: 'finalised' } });
      return made;
    });
    return { round: roundRow(ctx.db, requireRound(ctx, args.roundNo)), appointments: result };
  },
};

export const allPostsHandlers = { ...postsHandlers, ...quotaIoHandlers, ...reportHandlers };
export type { AppointmentRow };
