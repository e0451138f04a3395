import { api, type ArgsOut } from '../../../shared/api';
import { assetInput } from '../../../shared/api/assets';
import type { ResolutionRow, ResolveResult } from '../../../shared/api/counts';
import { toGB2022 } from '../../../shared/domain/catalogue';
import {
  isIntangible,
  shortagePendingEntries,
  shortageWriteOffEntries,
  SURPLUS_BASIS_ZH,
  surplusApprovalEntries,
  surplusEntries,
  surplusValue,
  type EntryLine,
} from '../../../shared/domain/count';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import { msg } from '../../../shared/i18n/messages';
import type { HandlerContext, HandlerMap, Recorder } from '../../engine/context';
import { newId } from '../../engine/rows';
import { cardHandlers, insertCards, type AssetDb } from '../assets/cards';
import { throwIfProblems } from '../batch';
import { recordCountChange, requireCount, type CountDb } from './common';
import { reconcileCount } from './reconcile';

// Resolution of a count (DOMAIN §3.5), each call one transaction and one audit row, each step a
// count_resolutions row with its accounting lines:
// - shortage → pending loss (1902) at the card's current net book value; written off (报损) only
//   with the approval's document number, which disposes the card through the asset module;
// - surplus → a new card (取得方式 盘盈) valued from documents, else appraisal, else replacement
//   cost, else nominal ¥1, Dr 1601 / Cr 1902; after approval Dr 1902 / Cr 3501;
// - location / user / status differences → assets.move on each card, in one confirmed batch.
// Card changes reuse the asset module's handlers inside this transaction (their audit changes are
// recorded in this call's audit row), so the card events and checks are exactly the asset module's.

/** A context whose `write` runs inside the caller's transaction and records into the caller's audit row. */
function inline(ctx: HandlerContext, record: Recorder, at: string): HandlerContext {
  return { ...ctx, write: <T>(_summary: string, fn: (r: Recorder, a: string) => T) => ({ result: fn(record, at), batchId: null }) };
}

function syncOnly<T>(v: T | Promise<T>): T {
  if (v instanceof Promise) throw new LedgerError('INTERNAL', '内部错误', { key: 'error.INTERNAL' });
  return v;
}

interface ResolutionDb {
  id: string;
  kind: ResolutionRow['kind'];
  asset_code: string | null;
  asset_name: string | null;
  found_id: string | null;
  amount_fen: number;
  entries: string;
  doc_no: string | null;
  effective_on: string;
  detail: string;
  created_at: string;
  created_by: string;
}

export function resolutions(ctx: HandlerContext, countId: string, ids?: string[]): ResolutionRow[] {
  const rows = ctx.db
    .prepare(
      `SELECT x.id, x.kind, a.code AS asset_code, a.name AS asset_name, x.found_id, x.amount_fen, x.entries, x.doc_no, x.effective_on, x.detail, x.created_at, x.created_by
       FROM count_resolutions x LEFT JOIN assets a ON a.id = x.asset_id WHERE x.count_id = ? ORDER BY x.created_at, x.rowid`,
    )
    .all(countId) as ResolutionDb[];
  const want = ids ? new Set(ids) : undefined;
  return rows
    .filter((r) => !want || want.has(r.id))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      assetCode: r.asset_code,
      assetName: r.asset_name,
      foundId: r.found_id,
      amountFen: r.amount_fen,
      entries: JSON.parse(r.entries) as EntryLine[],
      docNo: r.doc_no,
      effectiveOn: r.effective_on,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
}

function insertResolution(
  ctx: HandlerContext,
  record: Recorder,
  at: string,
  c: CountDb,
  r: { kind: ResolutionRow['kind']; assetId?: string | null; foundId?: string | null; amountFen: number; entries: EntryLine[]; docNo?: string | null; date: string; detail?: Record<string, unknown>; code?: string | null },
): string {
  const id = newId();
  ctx.db
    .prepare('INSERT INTO count_resolutions (id, count_id, kind, asset_id, found_id, amount_fen, entries, doc_no, effective_on, detail, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)')
    .run(id, c.id, r.kind, r.assetId ?? null, r.foundId ?? null, r.amountFen, JSON.stringify(r.entries), r.docNo ?? null, r.date, JSON.stringify(r.detail ?? {}), at, ctx.actor.name);
  record({ entity: 'count_resolution', id, before: null, after: { count: c.count_no, kind: r.kind, code: r.code ?? null, foundId: r.foundId ?? null, amountFen: r.amountFen, docNo: r.docNo ?? null, date: r.date, entries: r.entries } });
  return id;
}

function intangible(classCode: string): boolean {
  return isIntangible(classCode, toGB2022(classCode));
}

function cardOf(ctx: HandlerContext, assetId: string): AssetDb {
  return ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(assetId) as AssetDb;
}

function done(ctx: HandlerContext, c: CountDb, out: { result: string[]; batchId: number | null }): ResolveResult {
  return { batchId: out.batchId, resolutions: resolutions(ctx, c.id, out.result) };
}

function shortagePending(args: ArgsOut<'counts.shortagePending'>, ctx: HandlerContext): ResolveResult {
  const rec = reconcileCount(ctx, args.id, {}, { full: true });
  const c = rec.count;
  const byCode = new Map(rec.rows.map((r) => [r.code.toUpperCase(), r]));
  const out = ctx.write(`盘亏转入待处理财产损溢 ${c.count_no}`, (record, at) => {
    const problems: ErrorDetail[] = [];
    const targets = args.codes
      ? args.codes.map((code, i) => {
          const r = byCode.get(code.toUpperCase());
          if (!r) problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 不在本次盘点清单中` });
          else if (r.cls !== 'shortage') problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 的盘点结果为“${r.result === 'found' ? '在' : '未盘'}”，不是盘亏` });
          else if (r.resolution) problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 已转入待处理财产损溢` });
          return r;
        })
      : rec.rows.filter((r) => r.cls === 'shortage' && !r.resolution);
    throwIfProblems(problems, '盘亏处理');
    const ids: string[] = [];
    targets.forEach((r, i) => {
      if (!r) return;
      const a = cardOf(ctx, r.assetId);
      if (a.disposed_on) return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${a.code} 已于 ${a.disposed_on} 处置` });
      if (args.date < a.booked_on) return void problems.push({ row: i + 1, field: 'date', message: `日期早于资产 ${a.code} 的入账日期 ${a.booked_on}` });
      const entries = shortagePendingEntries(a.cost_fen, a.dep_accumulated_fen, intangible(a.class_code));
      ids.push(insertResolution(ctx, record, at, c, { kind: 'shortage-pending', assetId: a.id, code: a.code, amountFen: a.cost_fen - a.dep_accumulated_fen, entries, date: args.date, detail: { costFen: a.cost_fen, accumulatedFen: a.dep_accumulated_fen, note: args.note ?? null } }));
    });
    throwIfProblems(problems, '盘亏处理');
    if (!ids.length) throw new LedgerError('VALIDATION', '没有待处理的盘亏资产', { key: 'error.nothingToResolve' });
    return ids;
  });
  return done(ctx, c, out);
}

function writeOff(args: ArgsOut<'counts.writeOff'>, ctx: HandlerContext): ResolveResult {
  const rec = reconcileCount(ctx, args.id, {}, { full: true });
  const c = rec.count;
  const byCode = new Map(rec.rows.map((r) => [r.code.toUpperCase(), r]));
  const out = ctx.write(`盘亏报损 ${c.count_no}（${args.docNo}）`, (record, at) => {
    const inner = inline(ctx, record, at);
    const problems: ErrorDetail[] = [];
    const pending = ctx.db.prepare("SELECT amount_fen FROM count_resolutions WHERE count_id = ? AND asset_id = ? AND kind = 'shortage-pending'").pluck();
    const ids: string[] = [];
    args.codes.forEach((code, i) => {
      const r = byCode.get(code.toUpperCase());
      if (!r) return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 不在本次盘点清单中` });
      if (r.resolution === 'writtenOff') return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 已报损` });
      const net = pending.get(c.id, r.assetId) as number | undefined;
      if (net === undefined) return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 尚未转入待处理财产损溢（须先办理盘亏转入，经批准后才能报损）` });
      try {
        const dispose = api['assets.dispose'].args.parse({ code: r.code, type: '报损', date: args.date, docNo: args.docNo });
        syncOnly(cardHandlers['assets.dispose'](dispose, inner));
      } catch (err) {
        return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${code}：${(err as Error).message}` });
      }
      ids.push(insertResolution(ctx, record, at, c, { kind: 'shortage-writeoff', assetId: r.assetId, code: r.code, amountFen: net, entries: shortageWriteOffEntries(net), docNo: args.docNo, date: args.date }));
    });
    throwIfProblems(problems, '盘亏报损');
    return ids;
  });
  return done(ctx, c, out);
}

function bookSurplus(args: ArgsOut<'counts.bookSurplus'>, ctx: HandlerContext): ResolveResult {
  const rec = reconcileCount(ctx, args.id, {}, { full: true });
  const c = rec.count;
  const unitCode = ctx.db.prepare('SELECT code FROM units WHERE id = ?').pluck().get(c.unit_id) as string;
  const out = ctx.write(`盘盈资产入账 ${c.count_no}（${args.items.length} 项）`, (record, at) => {
    const problems: ErrorDetail[] = [];
    const ids: string[] = [];
    const seen = new Set<string>();
    args.items.forEach((it, i) => {
      const row = i + 1;
      const f = ctx.db.prepare('SELECT * FROM count_found WHERE id = ? AND count_id = ?').get(it.foundId, c.id) as { id: string; name: string | null; model: string | null; location: string | null; user_name: string | null; description: string | null; status: string; code: string | null } | undefined;
      if (!f) return void problems.push({ row, field: 'foundId', message: '该盘盈资产不属于本盘点任务' });
      if (seen.has(f.id)) return void problems.push({ row, field: 'foundId', message: '同一盘盈资产重复入账' });
      seen.add(f.id);
      if (f.status !== 'open') return void problems.push({ row, field: 'foundId', message: f.status === 'booked' ? '该盘盈资产已入账' : '该盘盈资产已剔除' });
      const name = it.name ?? f.name;
      if (!name) return void problems.push({ row, field: 'name', message: '请填写资产名称（扫到的未知编号须先查明是什么资产）' });
      const value = surplusValue(it);
      const card = assetInput.safeParse({
        code: it.code,
        name,
        classCode: it.classCode,
        model: it.model ?? f.model,
        acquisitionMethod: '盘盈',
        bookedOn: args.date,
        voucherNo: it.voucherNo,
        costFen: value.valueFen,
        valueType: value.valueType,
        lifeMonths: it.lifeMonths,
        unitCode,
        usingDeptCode: it.usingDeptCode,
        userName: it.userName ?? f.user_name,
        location: it.location ?? f.location,
        remarks: [`盘盈（${c.count_no}，按${SURPLUS_BASIS_ZH[value.basis]}入账）`, it.remarks ?? f.description].filter(Boolean).join('；'),
      });
      if (!card.success) {
        for (const issue of card.error.issues) problems.push({ row, field: String(issue.path[0] ?? ''), message: msg(issue.message) });
        return;
      }
      const made = insertCards(ctx, [card.data], at, record, () => row);
      if (made.problems.length) return void problems.push(...made.problems);
      const assetId = made.ids[0]!;
      ctx.db.prepare("UPDATE count_found SET status = 'booked', asset_id = ?, name = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?").run(assetId, name, at, ctx.actor.name, f.id);
      ids.push(
        insertResolution(ctx, record, at, c, {
          kind: 'surplus',
          assetId,
          foundId: f.id,
          code: it.code,
          amountFen: value.valueFen,
          entries: surplusEntries(value.valueFen, intangible(it.classCode)),
          docNo: it.voucherNo ?? null,
          date: args.date,
          detail: { basis: value.basis, valueType: value.valueType, documentFen: it.documentFen ?? null, appraisalFen: it.appraisalFen ?? null, replacementFen: it.replacementFen ?? null },
        }),
      );
    });
    throwIfProblems(problems, '盘盈入账');
    return ids;
  });
  return done(ctx, c, out);
}

function approveSurplus(args: ArgsOut<'counts.approveSurplus'>, ctx: HandlerContext): ResolveResult {
  const rec = reconcileCount(ctx, args.id, {}, { full: true });
  const c = rec.count;
  const out = ctx.write(`盘盈批准 ${c.count_no}（${args.docNo}）`, (record, at) => {
    const problems: ErrorDetail[] = [];
    const ids: string[] = [];
    const booked = ctx.db.prepare("SELECT asset_id, amount_fen FROM count_resolutions WHERE count_id = ? AND found_id = ? AND kind = 'surplus'");
    const approved = ctx.db.prepare("SELECT 1 FROM count_resolutions WHERE count_id = ? AND found_id = ? AND kind = 'surplus-approve'").pluck();
    args.foundIds.forEach((foundId, i) => {
      const b = booked.get(c.id, foundId) as { asset_id: string; amount_fen: number } | undefined;
      if (!b) return void problems.push({ row: i + 1, field: 'foundIds', message: '该盘盈资产尚未入账（须先入账，经批准后再转入以前年度盈余调整）' });
      if (approved.get(c.id, foundId)) return void problems.push({ row: i + 1, field: 'foundIds', message: '该盘盈资产已批准' });
      ids.push(insertResolution(ctx, record, at, c, { kind: 'surplus-approve', assetId: b.asset_id, foundId, amountFen: b.amount_fen, entries: surplusApprovalEntries(b.amount_fen), docNo: args.docNo, date: args.date }));
    });
    throwIfProblems(problems, '盘盈批准');
    return ids;
  });
  return done(ctx, c, out);
}

function applyDifferences(args: ArgsOut<'counts.applyDifferences'>, ctx: HandlerContext): ResolveResult {
  const rec = reconcileCount(ctx, args.id, {}, { full: true });
  const c = rec.count;
  const byCode = new Map(rec.rows.map((r) => [r.code.toUpperCase(), r]));
  const out = ctx.write(`盘点差异调整卡片 ${c.count_no}`, (record, at) => {
    const inner = inline(ctx, record, at);
    const problems: ErrorDetail[] = [];
    const targets = args.codes
      ? args.codes.map((code, i) => {
          const r = byCode.get(code.toUpperCase());
          if (!r) problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 不在本次盘点清单中` });
          else if (!r.differences.length) problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 没有位置、使用人或状况差异` });
          else if (r.resolution === 'adjusted') problems.push({ row: i + 1, field: 'codes', message: `资产 ${code} 的差异已调整` });
          return r;
        })
      : rec.rows.filter((r) => r.differences.length && r.resolution !== 'adjusted');
    throwIfProblems(problems, '差异调整');
    const ids: string[] = [];
    targets.forEach((r, i) => {
      if (!r) return;
      const a = cardOf(ctx, r.assetId);
      if (a.disposed_on) return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${a.code} 已于 ${a.disposed_on} 处置` });
      const change: { location?: string; userName?: string; status?: string } = {};
      for (const d of r.differences) {
        if (d.field === 'location' && d.actual !== (a.location ?? '')) change.location = d.actual;
        if (d.field === 'user' && d.actual !== (a.user_name ?? '')) change.userName = d.actual;
        if (d.field === 'status' && d.actual !== a.status) change.status = d.actual;
      }
      if (Object.keys(change).length) {
        try {
          const move = api['assets.move'].args.parse({ code: a.code, date: args.date, ...change, docNo: args.docNo ?? `盘点 ${c.count_no}` });
          syncOnly(cardHandlers['assets.move'](move, inner));
        } catch (err) {
          return void problems.push({ row: i + 1, field: 'codes', message: `资产 ${a.code}：${(err as Error).message}` });
        }
      }
      ids.push(
        insertResolution(ctx, record, at, c, {
          kind: 'adjust',
          assetId: a.id,
          code: a.code,
          amountFen: 0,
          entries: [],
          docNo: args.docNo ?? null,
          date: args.date,
          detail: { differences: r.differences, applied: change, alreadyOnCard: !Object.keys(change).length },
        }),
      );
    });
    throwIfProblems(problems, '差异调整');
    if (!ids.length) throw new LedgerError('VALIDATION', '没有待调整的差异', { key: 'error.nothingToResolve' });
    recordCountChange(ctx, record, c, at, { adjusted: ids.length });
    return ids;
  });
  return done(ctx, c, out);
}

export const resolveHandlers: HandlerMap<'counts.shortagePending' | 'counts.writeOff' | 'counts.bookSurplus' | 'counts.approveSurplus' | 'counts.applyDifferences' | 'counts.resolutions'> = {
  'counts.shortagePending': (args, ctx) => shortagePending(args, ctx),
  'counts.writeOff': (args, ctx) => writeOff(args, ctx),
  'counts.bookSurplus': (args, ctx) => bookSurplus(args, ctx),
  'counts.approveSurplus': (args, ctx) => approveSurplus(args, ctx),
  'counts.applyDifferences': (args, ctx) => applyDifferences(args, ctx),
  'counts.resolutions': ({ id }, ctx) => resolutions(ctx, requireCount(ctx, id).id),
};
