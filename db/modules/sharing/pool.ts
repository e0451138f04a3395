import { api } from '../../../shared/api';
import type { AssetRequestRow, IdleAsset, IdlePool } from '../../../shared/api/sharing';
import { resolveClass } from '../../../shared/domain/catalogue';
import { daysBetween } from '../../../shared/domain/sharing';
import { LedgerError } from '../../../shared/errors';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { newId } from '../../engine/rows';
import { cardHandlers, type AssetDb } from '../assets/cards';
import { requireUnitInScope, unitByCode } from '../org/units';
import { deptIdOf, inlineContext, localToday, scopeWhere } from './common';
import { startShare } from './shares';

// The idle-asset pool (公物仓 / 闲置资产调剂池, DOMAIN §3.4 "reallocation first"): every card of the
// community with status 闲置, visible to every member unit, and the requests units make for them.
// An asset manager grants a request as a transfer (调剂: assets.transfer, then status 在用) or as a
// share, in one transaction with one audit row; the card's other open requests are closed with it.

const IDLE = '闲置';

interface RequestDb {
  id: string;
  asset_id: string;
  requesting_unit_id: string;
  requesting_dept_id: string | null;
  kind: 'transfer' | 'share';
  wanted_from: string | null;
  wanted_until: string | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  version: number;
  updated_at: string;
  updated_by: string;
}

const REQUEST_SELECT = `
  SELECT r.id, r.asset_id AS assetId, a.code AS assetCode, a.name AS assetName, a.status AS assetStatus, ou.code AS ownerUnitCode, ou.name AS ownerUnitName,
         ru.code AS unitCode, ru.name AS unitName, d.code AS deptCode, d.name AS deptName, r.kind, r.wanted_from AS wantedFrom, r.wanted_until AS wantedUntil,
         r.reason, r.status, r.decided_as AS decidedAs, r.decided_on AS decidedOn, r.decided_by AS decidedBy, r.decision_note AS decisionNote,
         r.share_id AS shareId, r.created_at AS createdAt, r.created_by AS createdBy, r.version
  FROM asset_requests r
  JOIN assets a ON a.id = r.asset_id
  JOIN units ou ON ou.id = a.unit_id
  JOIN units ru ON ru.id = r.requesting_unit_id
  LEFT JOIN departments d ON d.id = r.requesting_dept_id`;

function requestRow(ctx: HandlerContext, id: string): AssetRequestRow {
  return ctx.db.prepare(`${REQUEST_SELECT} WHERE r.id = ?`).get(id) as AssetRequestRow;
}

/** A request the caller may see: their unit asked, or their unit owns the card. */
function requireRequest(ctx: HandlerContext, id: string): RequestDb {
  const r = ctx.db.prepare('SELECT r.*, a.unit_id AS owner_unit_id FROM asset_requests r JOIN assets a ON a.id = r.asset_id WHERE r.id = ?').get(id) as (RequestDb & { owner_unit_id: string }) | undefined;
  if (!r || !(ctx.inScope(r.requesting_unit_id) || ctx.inScope(r.owner_unit_id))) throw new LedgerError('NOT_FOUND', '调剂申请不存在或不在您的权限范围内', { key: 'error.requestNotFound' });
  return r;
}

function assertPending(r: RequestDb, version: number | undefined): void {
  if (r.status !== 'pending') {
    const label = { approved: '已批准', rejected: '已驳回', withdrawn: '已撤回', pending: '' }[r.status];
    throw new LedgerError('VALIDATION', `该申请${label}，不能再办理`, { key: 'error.requestClosed', params: { status: r.status } });
  }
  if (version !== undefined && version !== r.version) {
    throw new LedgerError('CONFLICT', `该申请已被 ${r.updated_by} 于 ${r.updated_at} 修改，请刷新后再办理`, { key: 'error.CONFLICT', params: { by: r.updated_by, at: r.updated_at } });
  }
}

function idlePool(ctx: HandlerContext, args: { unitCode?: string; classPrefix?: string; asOf?: string }): IdlePool {
  const asOf = args.asOf ?? localToday();
  const where = ['a.status = ?'];
  const params: unknown[] = [IDLE];
  if (args.unitCode) {
    const unit = unitByCode(ctx.db, args.unitCode);
    if (!unit) throw new LedgerError('NOT_FOUND', `单位 ${args.unitCode} 不存在`, { key: 'error.unitNotFound', params: { code: args.unitCode } });
    where.push('a.unit_id = ?');
    params.push(unit.id);
  }
  if (args.classPrefix) {
    where.push("a.class_code LIKE ? ESCAPE '\\'");
    params.push(`${args.classPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  // When did it become idle: the last event that set the status to 闲置; else it was registered idle.
  const rows = ctx.db
    .prepare(
      `SELECT a.id, a.code, a.name, a.class_code AS classCode, a.model, u.code AS unitCode, u.name AS unitName, a.unit_id AS unitId, a.location,
              a.booked_on AS bookedOn, a.opening_period AS openingPeriod, a.cost_fen AS costFen, a.dep_accumulated_fen AS accumulatedFen, a.cost_fen - a.dep_accumulated_fen AS netFen,
              (SELECT max(e.effective_on) FROM asset_events e WHERE e.asset_id = a.id AND json_extract(e.detail, '$.status[1]') = '闲置') AS statusSince,
              (SELECT min(e.effective_on) FROM asset_events e WHERE e.asset_id = a.id AND e.type = 'acquire') AS registeredOn,
              (SELECT count(*) FROM asset_requests r WHERE r.asset_id = a.id AND r.status = 'pending') AS pendingRequests
       FROM assets a JOIN units u ON u.id = a.unit_id
       WHERE ${where.join(' AND ')}`,
    )
    .all(...params) as (Omit<IdleAsset, 'className' | 'idleSince' | 'idleSinceBasis' | 'idleDays' | 'own'> & { unitId: string; openingPeriod: string | null; statusSince: string | null; registeredOn: string | null })[];
  const names = new Map<string, string | null>();
  const out: IdleAsset[] = rows.map(({ unitId, openingPeriod, statusSince, registeredOn, ...r }) => {
    let className = names.get(r.classCode);
    if (className === undefined) names.set(r.classCode, (className = resolveClass(r.classCode)?.name ?? null));
    // Migrated already idle: known idle as of the cut-over month's end (the old register's date), not since its booking years ago.
    const cutOver = openingPeriod ? lastDayOf(openingPeriod) : null;
    const basis: IdleAsset['idleSinceBasis'] = statusSince ? 'status' : cutOver && cutOver > r.bookedOn ? 'opening' : 'registered';
    const idleSince = basis === 'status' ? statusSince! : basis === 'opening' ? cutOver! : (registeredOn ?? r.bookedOn);
    return {
      ...r,
      className,
      idleSince,
      idleSinceBasis: basis,
      idleDays: Math.max(0, daysBetween(idleSince, asOf)),
      own: ctx.actor.scope !== null && ctx.inScope(unitId),
    };
  });
  out.sort((a, b) => b.idleDays - a.idleDays || a.code.localeCompare(b.code));
  return {
    asOf,
    rows: out,
    totals: out.reduce((t, r) => ({ assets: t.assets + 1, costFen: t.costFen + r.costFen, netFen: t.netFen + r.netFen }), { assets: 0, costFen: 0, netFen: 0 }),
  };
}

export const poolHandlers: HandlerMap<'sharing.idle' | 'sharing.request' | 'sharing.requests' | 'sharing.approve' | 'sharing.reject' | 'sharing.withdraw'> = {
  'sharing.idle': (args, ctx) => idlePool(ctx, args),

  'sharing.request': (args, ctx) => {
    const unit = requireUnitInScope(ctx, args.unitCode);
    return ctx.write(`申请调剂 ${args.code} → ${unit.code}`, (record, at) => {
      const a = ctx.db.prepare('SELECT * FROM assets WHERE code = ?').get(args.code) as AssetDb | undefined;
      // Outside their own units a caller sees only the idle pool: anything else answers as unknown.
      if (!a || (a.status !== IDLE && !ctx.inScope(a.unit_id))) throw new LedgerError('NOT_FOUND', `资产 ${args.code} 不在闲置资产池中`, { key: 'error.notInPool', params: { code: args.code } });
      if (a.status !== IDLE) throw new LedgerError('VALIDATION', `资产 ${args.code} 当前为“${a.status}”，不在闲置资产池中`, { key: 'error.notInPool', params: { code: args.code } });
      if (a.unit_id === unit.id) throw new LedgerError('VALIDATION', `资产 ${args.code} 本就属于 ${unit.name}，无需申请调剂`, { key: 'error.requestOwnAsset' });
      let deptId: string | null = null;
      if (args.usingDeptCode) {
        deptId = deptIdOf(ctx.db, unit.id, args.usingDeptCode) ?? null;
        if (!deptId) throw new LedgerError('VALIDATION', `${unit.name} 没有科室编码 ${args.usingDeptCode}`, { key: 'error.deptNotFound', details: [{ field: 'usingDeptCode', message: '科室不存在' }] });
      }
      const open = ctx.db.prepare("SELECT 1 FROM asset_requests WHERE asset_id = ? AND requesting_unit_id = ? AND status = 'pending'").get(a.id, unit.id);
      if (open) throw new LedgerError('DUPLICATE', `${unit.name} 已申请过资产 ${args.code}，申请尚未处理`, { key: 'error.requestPending' });
      const id = newId();
      ctx.db
        .prepare(
          `INSERT INTO asset_requests (id, asset_id, requesting_unit_id, requesting_dept_id, kind, wanted_from, wanted_until, reason, status, created_at, created_by, updated_at, updated_by, version)
           VALUES (?,?,?,?,?,?,?,?,'pending',?,?,?,?,1)`,
        )
        .run(id, a.id, unit.id, deptId, args.kind, args.wantedFrom ?? null, args.wantedUntil ?? null, args.reason, at, ctx.actor.name, at, ctx.actor.name);
      record({ entity: 'asset_request', id, before: null, after: { assetCode: a.code, unitCode: unit.code, kind: args.kind, reason: args.reason } });
      return requestRow(ctx, id);
    }).result;
  },

  'sharing.requests': ({ status }, ctx) => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (status !== 'all') {
      where.push('r.status = ?');
      params.push(status);
    }
    const scope = scopeWhere(ctx, ['r.requesting_unit_id', 'a.unit_id']);
    if (scope.sql) {
      where.push(scope.sql);
      params.push(...scope.params);
    }
    return ctx.db.prepare(`${REQUEST_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.status = 'pending' DESC, r.created_at DESC`).all(...params) as AssetRequestRow[];
  },

  'sharing.approve': (args, ctx) => {
    const found = requireRequest(ctx, args.id);
    return ctx.write(`批准调剂申请 ${args.id.slice(0, 8)}`, (record, at) => {
      const r = ctx.db.prepare('SELECT * FROM asset_requests WHERE id = ?').get(found.id) as RequestDb;
      assertPending(r, args.version);
      const a = ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(r.asset_id) as AssetDb;
      if (a.status !== IDLE) throw new LedgerError('VALIDATION', `资产 ${a.code} 当前为“${a.status}”，已不在闲置资产池中`, { key: 'error.notInPool', params: { code: a.code } });
      const unit = ctx.db.prepare('SELECT code, name FROM units WHERE id = ?').get(r.requesting_unit_id) as { code: string; name: string };
      const deptCode = args.usingDeptCode !== undefined ? args.usingDeptCode : r.requesting_dept_id ? (ctx.db.prepare('SELECT code FROM departments WHERE id = ?').pluck().get(r.requesting_dept_id) as string) : null;
      const as = args.as ?? r.kind;
      let shareId: string | null = null;
      const inner = inlineContext(ctx, record, at);
      if (as === 'transfer') {
        // 调剂: the card moves to the requesting unit with its number and history, and is put to use there.
        const transfer = api['assets.transfer'].args.parse({ code: a.code, toUnitCode: unit.code, date: args.date, usingDeptCode: deptCode, docNo: args.docNo ?? null });
        syncOnly(cardHandlers['assets.transfer'](transfer, inner));
        const move = api['assets.move'].args.parse({ code: a.code, date: args.date, status: '在用', docNo: args.docNo ?? null });
        syncOnly(cardHandlers['assets.move'](move, inner));
      } else {
        const share = startShare(
          inner,
          a,
          { toUnitCode: unit.code, from: args.date, until: args.until !== undefined ? args.until : r.wanted_until, usingDeptCode: deptCode, docNo: args.docNo, usageUnit: args.usageUnit, feeRateFen: args.feeRateFen, notes: args.notes },
          record,
          at,
          r.id,
        );
        shareId = share.id;
      }
      ctx.db
        .prepare("UPDATE asset_requests SET status = 'approved', decided_as = ?, decided_on = ?, decided_by = ?, decision_note = ?, share_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?")
        .run(as, args.date, ctx.actor.name, args.note ?? null, shareId, at, ctx.actor.name, r.id);
      record({ entity: 'asset_request', id: r.id, before: { status: 'pending' }, after: { status: 'approved', decidedAs: as, decidedOn: args.date, shareId } });
      // The card is no longer idle: the other units' open requests for it are closed.
      const others = ctx.db.prepare("SELECT id FROM asset_requests WHERE asset_id = ? AND status = 'pending' AND id <> ?").pluck().all(a.id, r.id) as string[];
      const note = `资产已${as === 'transfer' ? '调剂' : '共享'}给 ${unit.name}`;
      const close = ctx.db.prepare("UPDATE asset_requests SET status = 'rejected', decided_on = ?, decided_by = ?, decision_note = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?");
      for (const id of others) {
        close.run(args.date, ctx.actor.name, note, at, ctx.actor.name, id);
        record({ entity: 'asset_request', id, before: { status: 'pending' }, after: { status: 'rejected', decisionNote: note } });
      }
      return requestRow(ctx, r.id);
    }).result;
  },

  'sharing.reject': (args, ctx) => {
    const found = requireRequest(ctx, args.id);
    return ctx.write(`驳回调剂申请 ${args.id.slice(0, 8)}`, (record, at) => {
      const r = ctx.db.prepare('SELECT * FROM asset_requests WHERE id = ?').get(found.id) as RequestDb;
      assertPending(r, args.version);
      ctx.db
        .prepare("UPDATE asset_requests SET status = 'rejected', decided_on = ?, decided_by = ?, decision_note = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?")
        .run(localToday(), ctx.actor.name, args.note, at, ctx.actor.name, r.id);
      record({ entity: 'asset_request', id: r.id, before: { status: 'pending' }, after: { status: 'rejected', decisionNote: args.note } });
      return requestRow(ctx, r.id);
    }).result;
  },

  'sharing.withdraw': (args, ctx) => {
    const found = requireRequest(ctx, args.id);
    // Only the requesting side takes a request back.
    if (!ctx.inScope(found.requesting_unit_id)) throw new LedgerError('FORBIDDEN', '只有申请单位可以撤回申请', { key: 'error.withdrawNotOwn' });
    return ctx.write(`撤回调剂申请 ${args.id.slice(0, 8)}`, (record, at) => {
      const r = ctx.db.prepare('SELECT * FROM asset_requests WHERE id = ?').get(found.id) as RequestDb;
      assertPending(r, undefined);
      ctx.db.prepare("UPDATE asset_requests SET status = 'withdrawn', decided_on = ?, decided_by = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?").run(localToday(), ctx.actor.name, at, ctx.actor.name, r.id);
      record({ entity: 'asset_request', id: r.id, before: { status: 'pending' }, after: { status: 'withdrawn' } });
      return requestRow(ctx, r.id);
    }).result;
  },
};

/** 'YYYY-MM' → its last day. */
function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(d).padStart(2, '0')}`;
}

/** Handlers reused inside a transaction must finish synchronously (a promise would escape the transaction). */
function syncOnly(result: unknown): void {
  if (result instanceof Promise) throw new LedgerError('INTERNAL', '内部错误：调剂步骤不是同步完成的', { key: 'error.INTERNAL' });
}
