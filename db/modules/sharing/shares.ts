import type Database from 'better-sqlite3';
import type { ArgsOut } from '../../../shared/api';
import type { ShareDetail, ShareRow, UsageRecord, UsageSummary, UsageSummaryRow } from '../../../shared/api/sharing';
import { SHARED_STATUS, findOverlap, fromHundredths, shareRefusal, usageFeeFen, usageHundredths, type UsageUnit } from '../../../shared/domain/sharing';
import { LedgerError } from '../../../shared/errors';
import type { HandlerContext, HandlerMap, Recorder } from '../../engine/context';
import { newId } from '../../engine/rows';
import { requireAsset, type AssetDb } from '../assets/cards';
import { assertPeriodOpen } from '../assets/periods';
import { requireUnitInScope, unitByCode } from '../org/units';
import { addAssetEvent, deptIdOf, scopeWhere } from './common';

// Shared use (共享共用, DOMAIN §3.4): a card lent by its owner to another member unit for a period.
// The card stays on the owner's books (its unit never changes); while lent it carries status
// 出租出借 and it gets 'share-start' / 'share-end' events. At most one share of a card is active,
// and no two shares of a card overlap in time. Usage is recorded per day in the share's unit.

export interface ShareDb {
  id: string;
  share_no: string;
  asset_id: string;
  lender_unit_id: string;
  borrower_unit_id: string;
  borrower_dept_id: string | null;
  starts_on: string;
  until_on: string | null;
  ended_on: string | null;
  status: 'active' | 'ended';
  doc_no: string | null;
  usage_unit: UsageUnit;
  fee_rate_fen: number;
  status_before: string;
  request_id: string | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

const SHARE_SELECT = `
  SELECT s.id, s.share_no AS no, s.asset_id AS assetId, a.code AS assetCode, a.name AS assetName, a.class_code AS classCode, a.model,
         lu.code AS lenderUnitCode, lu.name AS lenderUnitName, bu.code AS borrowerUnitCode, bu.name AS borrowerUnitName,
         d.code AS borrowerDeptCode, d.name AS borrowerDeptName, s.starts_on AS startsOn, s.until_on AS until, s.ended_on AS endedOn,
         s.status, s.doc_no AS docNo, s.usage_unit AS usageUnit, s.fee_rate_fen AS feeRateFen, s.notes, s.end_note AS endNote,
         coalesce(u.records, 0) AS usageRecords, coalesce(u.amount, 0) AS usageAmount, coalesce(u.patients, 0) AS patients,
         coalesce(u.fee, 0) AS feeFen, u.last AS lastUsedOn, s.request_id AS requestId, s.created_at AS createdAt, s.created_by AS createdBy, s.version
  FROM asset_shares s
  JOIN assets a ON a.id = s.asset_id
  JOIN units lu ON lu.id = s.lender_unit_id
  JOIN units bu ON bu.id = s.borrower_unit_id
  LEFT JOIN departments d ON d.id = s.borrower_dept_id
  LEFT JOIN (SELECT share_id, count(*) AS records, sum(amount_hundredths) AS amount, sum(coalesce(patients, 0)) AS patients, sum(fee_fen) AS fee, max(used_on) AS last
             FROM asset_share_usage WHERE voided_at IS NULL GROUP BY share_id) u ON u.share_id = s.id`;

function toShareRow(r: ShareRow): ShareRow {
  return { ...r, usageAmount: fromHundredths(r.usageAmount) };
}

export function shareRowById(db: Database.Database, id: string): ShareRow {
  return toShareRow(db.prepare(`${SHARE_SELECT} WHERE s.id = ?`).get(id) as ShareRow);
}

const USAGE_SELECT = `
  SELECT x.id, x.share_id AS shareId, s.share_no AS shareNo, a.code AS assetCode, x.used_on AS usedOn, x.amount_hundredths AS amount,
         s.usage_unit AS usageUnit, x.patients, x.fee_fen AS feeFen, x.note, x.recorded_at AS recordedAt, x.recorded_by AS recordedBy,
         x.voided_at AS voidedAt, x.voided_by AS voidedBy, x.void_reason AS voidReason
  FROM asset_share_usage x JOIN asset_shares s ON s.id = x.share_id JOIN assets a ON a.id = x.asset_id`;

function usageById(db: Database.Database, id: string): UsageRecord {
  const r = db.prepare(`${USAGE_SELECT} WHERE x.id = ?`).get(id) as UsageRecord;
  return { ...r, amount: fromHundredths(r.amount) };
}

/** A share by id or number that the caller may see (one of their units lends or borrows); unknown and out-of-scope answer alike. */
export function requireShare(ctx: HandlerContext, ref: string): ShareDb {
  const s = ctx.db.prepare('SELECT * FROM asset_shares WHERE id = ? OR share_no = ?').get(ref, ref) as ShareDb | undefined;
  if (!s || !(ctx.inScope(s.lender_unit_id) || ctx.inScope(s.borrower_unit_id))) {
    throw new LedgerError('NOT_FOUND', `共享记录 ${ref} 不存在或不在您的权限范围内`, { key: 'error.shareNotFound', params: { share: ref } });
  }
  return s;
}

/** Next share number of a year: GX2026-0001, GX2026-0002, … (never reused: shares are never deleted). */
function nextShareNo(db: Database.Database, year: string): string {
  const last = db.prepare("SELECT share_no FROM asset_shares WHERE share_no LIKE ? ORDER BY share_no DESC LIMIT 1").pluck().get(`GX${year}-%`) as string | undefined;
  const n = last ? Number(last.slice(last.indexOf('-') + 1)) + 1 : 1;
  return `GX${year}-${String(n).padStart(4, '0')}`;
}

/** Card events that change custody or value; the card's past states are rebuilt by undoing them in date order. */
const LIFECYCLE_TYPES = "('move','transfer','cost-change','life-change','dispose','share-start','share-end')";

/**
 * A share event may not be dated before the card's latest custody/value event: its status "before"
 * would be wrong for the days in between, and the card's state on those days could not be rebuilt
 * (the same rule the card's own events follow).
 */
function assertInOrder(db: Database.Database, asset: AssetDb, date: string): void {
  const latest = db.prepare(`SELECT max(effective_on) FROM asset_events WHERE asset_id = ? AND type IN ${LIFECYCLE_TYPES}`).pluck().get(asset.id) as string | null;
  if (latest && date < latest) {
    throw new LedgerError('VALIDATION', `资产 ${asset.code} 已登记了 ${latest} 的变动，共享日期 ${date} 不能早于它（变动须按日期先后登记）`, {
      key: 'error.eventOutOfOrder',
      params: { code: asset.code, latest, date },
    });
  }
}

export interface StartTerms {
  toUnitCode: string;
  from: string;
  until?: string | null;
  usingDeptCode?: string | null;
  docNo?: string | null;
  usageUnit: UsageUnit;
  feeRateFen: number;
  notes?: string | null;
}

/**
 * Lend `asset` inside the caller's write: all the refusals, then the share row, the card's status
 * (出租出借) and its 'share-start' event. Used by sharing.start and by granting a pool request.
 */
export function startShare(ctx: HandlerContext, asset: AssetDb, t: StartTerms, record: Recorder, at: string, requestId: string | null = null): ShareRow {
  const db = ctx.db;
  // An active share first: it explains the status 出租出借 better than the status does.
  const others = db
    .prepare(
      `SELECT s.id, s.share_no AS no, s.starts_on AS "from", s.ended_on AS "to", s.status, u.name AS borrower
       FROM asset_shares s JOIN units u ON u.id = s.borrower_unit_id WHERE s.asset_id = ? ORDER BY s.starts_on`,
    )
    .all(asset.id) as { id: string; no: string; from: string; to: string | null; status: string; borrower: string }[];
  const active = others.find((o) => o.status === 'active');
  if (active) {
    throw new LedgerError('VALIDATION', `资产 ${asset.code} 已共享给 ${active.borrower}（${active.no}，自 ${active.from} 起），请先结束该共享`, { key: 'error.shareActive', params: { share: active.no } });
  }
  const refusal = shareRefusal(asset.status, asset.disposed_on);
  if (refusal) throw new LedgerError('VALIDATION', `资产 ${asset.code} ${refusal}`, { key: 'error.shareRefused', params: { code: asset.code } });
  const borrower = unitByCode(db, t.toUnitCode);
  if (!borrower) throw new LedgerError('NOT_FOUND', `单位 ${t.toUnitCode} 不存在`, { key: 'error.unitNotFound', params: { code: t.toUnitCode } });
  if (borrower.id === asset.unit_id) throw new LedgerError('VALIDATION', `资产 ${asset.code} 属于 ${borrower.name}，共享只能给其他成员单位`, { key: 'error.shareSameUnit', details: [{ field: 'toUnitCode', message: '不能共享给本单位' }] });
  let deptId: string | null = null;
  if (t.usingDeptCode) {
    deptId = deptIdOf(db, borrower.id, t.usingDeptCode) ?? null;
    if (!deptId) throw new LedgerError('VALIDATION', `${borrower.name} 没有科室编码 ${t.usingDeptCode}`, { key: 'error.deptNotFound', details: [{ field: 'usingDeptCode', message: '科室不存在' }] });
  }
  if (t.until && t.until < t.from) throw new LedgerError('VALIDATION', '约定截止日期不能早于开始日期', { key: 'error.shareDates', details: [{ field: 'until', message: '早于开始日期' }] });
  if (t.from < asset.booked_on) throw new LedgerError('VALIDATION', `共享开始日期不能早于资产入账日期 ${asset.booked_on}`, { key: 'error.shareBeforeBooking', details: [{ field: 'from', message: `早于入账日期 ${asset.booked_on}` }] });
  assertPeriodOpen(db, t.from);
  const clash = findOverlap({ from: t.from, to: t.until ?? null }, others);
  if (clash) {
    throw new LedgerError('VALIDATION', `与已结束的共享 ${clash.no}（${clash.borrower}，${clash.from} 至 ${clash.to}）时间重叠`, { key: 'error.shareOverlap', params: { share: clash.no } });
  }
  assertInOrder(db, asset, t.from);

  const id = newId();
  const no = nextShareNo(db, t.from.slice(0, 4));
  db.prepare(
    `INSERT INTO asset_shares (id, share_no, asset_id, lender_unit_id, borrower_unit_id, borrower_dept_id, starts_on, until_on, ended_on, status, doc_no,
       usage_unit, fee_rate_fen, status_before, request_id, notes, created_at, created_by, updated_at, updated_by, version)
     VALUES (?,?,?,?,?,?,?,?,NULL,'active',?,?,?,?,?,?,?,?,?,?,1)`,
  ).run(id, no, asset.id, asset.unit_id, borrower.id, deptId, t.from, t.until ?? null, t.docNo ?? null, t.usageUnit, t.feeRateFen, asset.status, requestId, t.notes ?? null, at, ctx.actor.name, at, ctx.actor.name);
  db.prepare('UPDATE assets SET status = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(SHARED_STATUS, at, ctx.actor.name, asset.id);
  addAssetEvent(
    db,
    asset.id,
    'share-start',
    t.from,
    {
      status: [asset.status, SHARED_STATUS],
      borrower: borrower.name,
      until: t.until ?? null,
      shareNo: no,
      share: { id, borrowerUnitCode: borrower.code, usageUnit: t.usageUnit, feeRateFen: t.feeRateFen },
    },
    t.docNo,
    at,
    ctx.actor.name,
  );
  const row = shareRowById(db, id);
  record({ entity: 'asset_share', id, before: null, after: { no, assetCode: asset.code, lender: row.lenderUnitCode, borrower: borrower.code, from: t.from, until: t.until ?? null, usageUnit: t.usageUnit, feeRateFen: t.feeRateFen, docNo: t.docNo ?? null } });
  record({ entity: 'asset', id: asset.id, before: { status: asset.status }, after: { status: SHARED_STATUS } });
  return row;
}

function listShares(ctx: HandlerContext, args: ArgsOut<'sharing.list'>): ShareRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (args.status !== 'all') {
    where.push('s.status = ?');
    params.push(args.status);
  }
  if (args.unitCode) {
    const unit = unitByCode(ctx.db, args.unitCode);
    if (!unit) throw new LedgerError('NOT_FOUND', `单位 ${args.unitCode} 不存在`, { key: 'error.unitNotFound', params: { code: args.unitCode } });
    where.push('(s.lender_unit_id = ? OR s.borrower_unit_id = ?)');
    params.push(unit.id, unit.id);
  }
  if (args.assetCode) {
    where.push('a.code = ?');
    params.push(args.assetCode);
  }
  const scope = scopeWhere(ctx, ['s.lender_unit_id', 's.borrower_unit_id']);
  if (scope.sql) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  const rows = ctx.db.prepare(`${SHARE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.status = 'active' DESC, s.starts_on DESC, s.share_no DESC`).all(...params) as ShareRow[];
  return rows.map(toShareRow);
}

function usageSummary(ctx: HandlerContext, args: ArgsOut<'sharing.usageSummary'>): UsageSummary {
  const key = { share: 's.share_no', asset: 'a.code', lender: 'lu.code', borrower: 'bu.code' }[args.groupBy];
  const label = {
    share: "a.code || ' ' || a.name || ' → ' || bu.name",
    asset: "a.name || '（' || lu.name || '）'",
    lender: 'lu.name',
    borrower: 'bu.name',
  }[args.groupBy];
  const where = ['x.voided_at IS NULL', 'x.used_on BETWEEN ? AND ?'];
  const params: unknown[] = [args.from, args.to];
  if (args.unitCode) {
    const unit = requireUnitInScope(ctx, args.unitCode);
    where.push('(s.lender_unit_id = ? OR s.borrower_unit_id = ?)');
    params.push(unit.id, unit.id);
  }
  const scope = scopeWhere(ctx, ['s.lender_unit_id', 's.borrower_unit_id']);
  if (scope.sql) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  const rows = ctx.db
    .prepare(
      `SELECT ${key} AS key, min(${label}) AS label, s.usage_unit AS usageUnit, count(DISTINCT s.id) AS shares, count(*) AS records,
              sum(x.amount_hundredths) AS amount, sum(coalesce(x.patients, 0)) AS patients, sum(x.fee_fen) AS feeFen
       FROM asset_share_usage x
       JOIN asset_shares s ON s.id = x.share_id
       JOIN assets a ON a.id = s.asset_id
       JOIN units lu ON lu.id = s.lender_unit_id
       JOIN units bu ON bu.id = s.borrower_unit_id
       WHERE ${where.join(' AND ')}
       GROUP BY ${key}, s.usage_unit
       ORDER BY ${key}, s.usage_unit`,
    )
    .all(...params) as UsageSummaryRow[];
  const out = rows.map((r) => ({ ...r, amount: fromHundredths(r.amount) }));
  return {
    from: args.from,
    to: args.to,
    groupBy: args.groupBy,
    rows: out,
    totals: out.reduce((t, r) => ({ records: t.records + r.records, patients: t.patients + r.patients, feeFen: t.feeFen + r.feeFen }), { records: 0, patients: 0, feeFen: 0 }),
  };
}

export const shareHandlers: HandlerMap<'sharing.start' | 'sharing.end' | 'sharing.list' | 'sharing.show' | 'sharing.recordUsage' | 'sharing.voidUsage' | 'sharing.usageSummary'> = {
  'sharing.start': (args, ctx) => {
    const asset = requireAsset(ctx, args.code);
    return ctx.write(`资产共享 ${args.code} → ${args.toUnitCode}`, (record, at) => {
      // read again inside the transaction: the card may have changed since
      const a = ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(asset.id) as AssetDb;
      return startShare(ctx, a, args, record, at);
    }).result;
  },

  'sharing.end': (args, ctx) => {
    const found = requireShare(ctx, args.share);
    return ctx.write(`共享结束 ${found.share_no}`, (record, at) => {
      const s = ctx.db.prepare('SELECT * FROM asset_shares WHERE id = ?').get(found.id) as ShareDb;
      if (s.status !== 'active') throw new LedgerError('VALIDATION', `共享 ${s.share_no} 已于 ${s.ended_on} 结束`, { key: 'error.shareEnded', params: { share: s.share_no } });
      if (args.version !== undefined && args.version !== s.version) {
        throw new LedgerError('CONFLICT', `共享 ${s.share_no} 已被 ${s.updated_by} 于 ${s.updated_at} 修改，请刷新后再办理`, { key: 'error.CONFLICT', params: { by: s.updated_by, at: s.updated_at } });
      }
      if (args.date < s.starts_on) throw new LedgerError('VALIDATION', `结束日期不能早于共享开始日期 ${s.starts_on}`, { key: 'error.shareDates', details: [{ field: 'date', message: `早于开始日期 ${s.starts_on}` }] });
      assertPeriodOpen(ctx.db, args.date);
      const card = ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(s.asset_id) as AssetDb;
      assertInOrder(ctx.db, card, args.date);
      const later = ctx.db.prepare('SELECT max(used_on) FROM asset_share_usage WHERE share_id = ? AND voided_at IS NULL AND used_on > ?').pluck().get(s.id, args.date) as string | null;
      if (later) throw new LedgerError('VALIDATION', `共享 ${s.share_no} 在 ${later} 还有使用记录，结束日期不能早于该日`, { key: 'error.usageAfterEnd', params: { date: later } });
      ctx.db.prepare("UPDATE asset_shares SET status = 'ended', ended_on = ?, end_note = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?").run(args.date, args.note ?? null, at, ctx.actor.name, s.id);
      const a = ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(s.asset_id) as AssetDb;
      const borrower = ctx.db.prepare('SELECT code, name FROM units WHERE id = ?').get(s.borrower_unit_id) as { code: string; name: string };
      // The card gets back the status it had when lent — unless someone changed it meanwhile (待修, disposed…).
      const restore = a.status === SHARED_STATUS && !a.disposed_on;
      if (restore) ctx.db.prepare('UPDATE assets SET status = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(s.status_before, at, ctx.actor.name, a.id);
      const used = ctx.db.prepare('SELECT count(*) AS n, coalesce(sum(amount_hundredths), 0) AS h FROM asset_share_usage WHERE share_id = ? AND voided_at IS NULL').get(s.id) as { n: number; h: number };
      addAssetEvent(
        ctx.db,
        a.id,
        'share-end',
        args.date,
        {
          ...(restore ? { status: [SHARED_STATUS, s.status_before] } : {}),
          borrower: borrower.name,
          shareNo: s.share_no,
          usage: `${used.n} 条，共 ${fromHundredths(used.h)} ${s.usage_unit}`,
          ...(args.note ? { reason: args.note } : {}),
          share: { id: s.id, borrowerUnitCode: borrower.code },
        },
        null,
        at,
        ctx.actor.name,
      );
      record({ entity: 'asset_share', id: s.id, before: { status: 'active', endedOn: null }, after: { status: 'ended', endedOn: args.date, note: args.note ?? null } });
      if (restore) record({ entity: 'asset', id: a.id, before: { status: SHARED_STATUS }, after: { status: s.status_before } });
      return shareRowById(ctx.db, s.id);
    }).result;
  },

  'sharing.list': (args, ctx) => listShares(ctx, args),

  'sharing.show': ({ share }, ctx) => {
    const s = requireShare(ctx, share);
    const usage = (ctx.db.prepare(`${USAGE_SELECT} WHERE x.share_id = ? ORDER BY x.used_on, x.recorded_at`).all(s.id) as UsageRecord[]).map((u) => ({ ...u, amount: fromHundredths(u.amount) }));
    const detail: ShareDetail = { ...shareRowById(ctx.db, s.id), usage };
    return detail;
  },

  'sharing.recordUsage': (args, ctx) => {
    const found = requireShare(ctx, args.share);
    return ctx.write(`共享使用记录 ${found.share_no} ${args.date}`, (record, at) => {
      const s = ctx.db.prepare('SELECT * FROM asset_shares WHERE id = ?').get(found.id) as ShareDb;
      if (args.date < s.starts_on) throw new LedgerError('VALIDATION', `使用日期早于共享开始日期 ${s.starts_on}`, { key: 'error.usageOutsideShare', details: [{ field: 'date', message: `早于 ${s.starts_on}` }] });
      if (s.ended_on && args.date > s.ended_on) throw new LedgerError('VALIDATION', `使用日期晚于共享结束日期 ${s.ended_on}`, { key: 'error.usageOutsideShare', details: [{ field: 'date', message: `晚于 ${s.ended_on}` }] });
      const h = usageHundredths(args.amount);
      if (h === undefined) throw new LedgerError('VALIDATION', '使用量应为大于 0 的数，最多两位小数', { key: 'v.usageAmount' });
      const fee = usageFeeFen(h, s.fee_rate_fen);
      const id = newId();
      ctx.db
        .prepare('INSERT INTO asset_share_usage (id, share_id, asset_id, used_on, amount_hundredths, patients, fee_fen, note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?)')
        .run(id, s.id, s.asset_id, args.date, h, args.patients ?? null, fee, args.note ?? null, at, ctx.actor.name);
      record({ entity: 'asset_share_usage', id, before: null, after: { share: s.share_no, usedOn: args.date, amount: args.amount, usageUnit: s.usage_unit, patients: args.patients ?? null, feeFen: fee, note: args.note ?? null } });
      return usageById(ctx.db, id);
    }).result;
  },

  'sharing.voidUsage': (args, ctx) => {
    const u = ctx.db.prepare('SELECT x.id, x.voided_at, s.share_no FROM asset_share_usage x JOIN asset_shares s ON s.id = x.share_id WHERE x.id = ?').get(args.id) as { id: string; voided_at: string | null; share_no: string } | undefined;
    if (!u) throw new LedgerError('NOT_FOUND', '使用记录不存在或不在您的权限范围内', { key: 'error.usageNotFound' });
    requireShare(ctx, u.share_no);
    return ctx.write(`作废共享使用记录 ${u.share_no}`, (record, at) => {
      const cur = ctx.db.prepare('SELECT voided_at, voided_by FROM asset_share_usage WHERE id = ?').get(u.id) as { voided_at: string | null; voided_by: string | null };
      if (cur.voided_at) throw new LedgerError('VALIDATION', `该使用记录已于 ${cur.voided_at} 由 ${cur.voided_by} 作废`, { key: 'error.usageVoided' });
      ctx.db.prepare('UPDATE asset_share_usage SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(at, ctx.actor.name, args.reason, u.id);
      record({ entity: 'asset_share_usage', id: u.id, before: { voidedAt: null }, after: { voidedAt: at, voidReason: args.reason } });
      return usageById(ctx.db, u.id);
    }).result;
  },

  'sharing.usageSummary': (args, ctx) => usageSummary(ctx, args),
};
