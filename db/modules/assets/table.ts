import { AssetTableBuilder, type AssetTable, type AssetTableInput } from '../../../shared/api/asset-table';
import { resolveClass } from '../../../shared/domain/catalogue';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { requireUnitInScope } from '../org/units';

// `assets.table`: the register screen's rows, column by column (shared/api/asset-table.ts). One
// SELECT without joins in raw (array) mode; units, departments and class names are looked up once
// each from small maps. The same cards, in the same order, as `assets.list`.

/** Columns in the order of AssetTableInput. */
const SELECT = `SELECT code, name, class_code, model, unit_id, using_dept_id, user_name, location, status, booked_on, cost_fen, dep_accumulated_fen, version,
  acquisition_method, life_months, updated_at, updated_by FROM assets`;

export function assetTable(ctx: HandlerContext, unitCode: string | undefined): AssetTable {
  const db = ctx.db;
  const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  const units = new Map((db.prepare('SELECT id, code, name FROM units').raw().all() as [string, string, string][]).map(([id, code, name]) => [id, { code, name }]));
  const depts = new Map((db.prepare('SELECT id, code, name FROM departments').raw().all() as [string, string, string][]).map(([id, code, name]) => [id, { code, name }]));
  const count = (unit ? db.prepare('SELECT count(*) FROM assets WHERE unit_id = ?').pluck().get(unit.id) : db.prepare('SELECT count(*) FROM assets').pluck().get()) as number;
  const builder = new AssetTableBuilder(count, {
    unit: (id) => units.get(id) ?? { code: '', name: '' },
    dept: (id) => depts.get(id) ?? { code: '', name: '' },
    className: (code) => resolveClass(code)?.name ?? null,
  });
  // iterate(), not all(): one 150,000-element array of row arrays costs twice the time in allocation and GC.
  const rows = (unit ? db.prepare(`${SELECT} WHERE unit_id = ? ORDER BY code`).raw().iterate(unit.id) : db.prepare(`${SELECT} ORDER BY code`).raw().iterate()) as IterableIterator<AssetTableInput>;
  // A unit operator sees the cards of their own unit(s) only.
  const scoped = ctx.actor.scope !== null;
  for (const r of rows) {
    if (scoped && !ctx.inScope(r[4])) continue;
    builder.add(r);
  }
  return builder.build();
}

export const tableHandlers: HandlerMap<'assets.table'> = {
  'assets.table': ({ unitCode }, ctx) => assetTable(ctx, unitCode),
};
