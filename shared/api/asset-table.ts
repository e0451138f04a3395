// The register screen's wire format (`assets.table`): the fields of `AssetRow`, column by column,
// with every repeated text sent once. 150,000 cards as `AssetRow[]` objects are ~80 MB of JSON
// (seconds to build in the engine, to send and to parse); as this table they are ~9 MB.
//
// - Units, departments and classes travel as small dictionaries; each row holds an index.
// - Every other text column except the asset number is dictionary-encoded: `values` holds each
//   distinct text once and `idx[i]` points into it (-1 = empty). Registers repeat the same names,
//   models, places, people, dates and import timestamps thousands of times.
// - Amounts stay integer fen (plain JSON numbers); net = cost − accumulated is not sent.
// - The asset number is the grid's row id (`id` = code): unique in the community and never
//   reused, and every card method (assets.edit, assets.show …) takes it. The card's other fields
//   and its history come from `assets.show` when it is opened.
//
// Pure: the engine encodes with `AssetTableBuilder`, the renderer decodes with `decodeAssetTable`.

import type { AssetRow } from './assets';

export interface DictColumn {
  values: string[];
  /** Index into `values` per row; -1 for an empty cell. */
  idx: number[];
}

export interface AssetTable {
  /** Number of rows (cards), in asset-number order. */
  n: number;
  units: { code: string; name: string }[];
  depts: { code: string; name: string }[];
  classes: { code: string; name: string | null }[];
  code: string[];
  /** Index into `units` per row. */
  unit: number[];
  /** Index into `depts` (using department) per row; -1 for none. */
  dept: number[];
  /** Index into `classes` per row. */
  cls: number[];
  name: DictColumn;
  model: DictColumn;
  userName: DictColumn;
  location: DictColumn;
  status: DictColumn;
  bookedOn: DictColumn;
  acquisitionMethod: DictColumn;
  updatedAt: DictColumn;
  updatedBy: DictColumn;
  costFen: number[];
  accumulatedFen: number[];
  lifeMonths: number[];
  version: number[];
}

/**
 * One row of the register grid: an `AssetRow` whose `id` is the asset number (the grid's row id),
 * so code written for `assets.list` rows works on it unchanged.
 */
export type AssetGridRow = AssetRow;

/** A card as one method returns it (assets.edit, assets.move …) → its grid row. */
export function gridRowOf(r: AssetRow): AssetGridRow {
  return { ...r, id: r.code };
}

class Dict {
  readonly values: string[] = [];
  readonly idx: number[];
  private readonly seen = new Map<string, number>();
  // The previous row's text: registers in asset-number order repeat it in runs (a batch's
  // timestamp and user, a unit's places), and comparing two short strings is cheaper than hashing
  // a fresh one for the map.
  private last: string | null = null;
  private lastIdx = -1;
  constructor(capacity: number) {
    this.idx = new Array<number>(capacity);
  }
  set(row: number, v: string | null): void {
    if (v === null || v === '') {
      this.idx[row] = -1;
      return;
    }
    if (v === this.last) {
      this.idx[row] = this.lastIdx;
      return;
    }
    let i = this.seen.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.seen.set(v, i);
    }
    this.last = v;
    this.lastIdx = i;
    this.idx[row] = i;
  }
  column(rows: number): DictColumn {
    this.idx.length = rows;
    return { values: this.values, idx: this.idx };
  }
}

/** Keyed dictionary (units, departments, classes): each key's entry is looked up once. */
class Keyed<E> {
  readonly entries: E[] = [];
  private readonly seen = new Map<string, number>();
  private last: string | null = null;
  private lastIdx = -1;
  constructor(private readonly make: (key: string) => E) {}
  index(key: string): number {
    if (key === this.last) return this.lastIdx;
    let i = this.seen.get(key);
    if (i === undefined) {
      i = this.entries.length;
      this.entries.push(this.make(key));
      this.seen.set(key, i);
    }
    this.last = key;
    this.lastIdx = i;
    return i;
  }
}

/** One card as the engine reads it (the order of the SELECT in db/modules/assets/table.ts). */
export type AssetTableInput = [
  code: string,
  name: string,
  classCode: string,
  model: string | null,
  unitKey: string,
  deptKey: string | null,
  userName: string | null,
  location: string | null,
  status: string,
  bookedOn: string,
  costFen: number,
  accumulatedFen: number,
  version: number,
  acquisitionMethod: string,
  lifeMonths: number,
  updatedAt: string,
  updatedBy: string,
];

/**
 * Builds an AssetTable row by row. Units, departments and classes are given by a key (an id or a
 * code), resolved through `lookup` the first time each key is seen. `capacity` (the most rows that
 * will be added) lets every column be allocated once: growing 13 arrays by push() to 150,000
 * elements costs three times as much.
 */
export class AssetTableBuilder {
  private readonly units: Keyed<{ code: string; name: string }>;
  private readonly depts: Keyed<{ code: string; name: string }>;
  private readonly classes: Keyed<{ code: string; name: string | null }>;
  private rows = 0;
  private readonly code: string[];
  private readonly unit: number[];
  private readonly dept: number[];
  private readonly cls: number[];
  private readonly name: Dict;
  private readonly model: Dict;
  private readonly userName: Dict;
  private readonly location: Dict;
  private readonly status: Dict;
  private readonly bookedOn: Dict;
  private readonly acquisitionMethod: Dict;
  private readonly updatedAt: Dict;
  private readonly updatedBy: Dict;
  private readonly costFen: number[];
  private readonly accumulatedFen: number[];
  private readonly lifeMonths: number[];
  private readonly version: number[];

  constructor(
    private readonly capacity: number,
    lookup: { unit: (key: string) => { code: string; name: string }; dept: (key: string) => { code: string; name: string }; className: (classCode: string) => string | null },
  ) {
    this.units = new Keyed(lookup.unit);
    this.depts = new Keyed(lookup.dept);
    this.classes = new Keyed((code) => ({ code, name: lookup.className(code) }));
    this.code = new Array<string>(capacity);
    this.unit = new Array<number>(capacity);
    this.dept = new Array<number>(capacity);
    this.cls = new Array<number>(capacity);
    this.name = new Dict(capacity);
    this.model = new Dict(capacity);
    this.userName = new Dict(capacity);
    this.location = new Dict(capacity);
    this.status = new Dict(capacity);
    this.bookedOn = new Dict(capacity);
    this.acquisitionMethod = new Dict(capacity);
    this.updatedAt = new Dict(capacity);
    this.updatedBy = new Dict(capacity);
    this.costFen = new Array<number>(capacity);
    this.accumulatedFen = new Array<number>(capacity);
    this.lifeMonths = new Array<number>(capacity);
    this.version = new Array<number>(capacity);
  }

  add(r: AssetTableInput): void {
    const i = this.rows;
    if (i >= this.capacity) throw new RangeError(`AssetTableBuilder: more than ${this.capacity} rows`);
    this.rows = i + 1;
    this.code[i] = r[0];
    this.name.set(i, r[1]);
    this.cls[i] = this.classes.index(r[2]);
    this.model.set(i, r[3]);
    this.unit[i] = this.units.index(r[4]);
    this.dept[i] = r[5] === null ? -1 : this.depts.index(r[5]);
    this.userName.set(i, r[6]);
    this.location.set(i, r[7]);
    this.status.set(i, r[8]);
    this.bookedOn.set(i, r[9]);
    this.costFen[i] = r[10];
    this.accumulatedFen[i] = r[11];
    this.version[i] = r[12];
    this.acquisitionMethod.set(i, r[13]);
    this.lifeMonths[i] = r[14];
    this.updatedAt.set(i, r[15]);
    this.updatedBy.set(i, r[16]);
  }

  build(): AssetTable {
    const n = this.rows;
    for (const a of [this.code, this.unit, this.dept, this.cls, this.costFen, this.accumulatedFen, this.lifeMonths, this.version]) a.length = n;
    return {
      n,
      units: this.units.entries,
      depts: this.depts.entries,
      classes: this.classes.entries,
      code: this.code,
      unit: this.unit,
      dept: this.dept,
      cls: this.cls,
      name: this.name.column(n),
      model: this.model.column(n),
      userName: this.userName.column(n),
      location: this.location.column(n),
      status: this.status.column(n),
      bookedOn: this.bookedOn.column(n),
      acquisitionMethod: this.acquisitionMethod.column(n),
      updatedAt: this.updatedAt.column(n),
      updatedBy: this.updatedBy.column(n),
      costFen: this.costFen,
      accumulatedFen: this.accumulatedFen,
      lifeMonths: this.lifeMonths,
      version: this.version,
    };
  }
}

const at = (c: DictColumn, i: number): string | null => {
  const k = c.idx[i]!;
  return k < 0 ? null : c.values[k]!;
};

/** The table → grid rows (one object per card, all of the same shape). */
export function decodeAssetTable(t: AssetTable): AssetGridRow[] {
  const rows = new Array<AssetGridRow>(t.n);
  for (let i = 0; i < t.n; i++) {
    const unit = t.units[t.unit[i]!]!;
    const d = t.dept[i]!;
    const dept = d < 0 ? null : t.depts[d]!;
    const cls = t.classes[t.cls[i]!]!;
    const cost = t.costFen[i]!;
    const acc = t.accumulatedFen[i]!;
    const code = t.code[i]!;
    rows[i] = {
      id: code,
      code,
      name: at(t.name, i) ?? '',
      classCode: cls.code,
      className: cls.name,
      model: at(t.model, i),
      unitCode: unit.code,
      unitName: unit.name,
      usingDeptCode: dept ? dept.code : null,
      usingDeptName: dept ? dept.name : null,
      userName: at(t.userName, i),
      location: at(t.location, i),
      status: (at(t.status, i) ?? '在用') as AssetRow['status'],
      acquisitionMethod: (at(t.acquisitionMethod, i) ?? '新购') as AssetRow['acquisitionMethod'],
      bookedOn: at(t.bookedOn, i) ?? '',
      costFen: cost,
      accumulatedFen: acc,
      netFen: cost - acc,
      lifeMonths: t.lifeMonths[i]!,
      version: t.version[i]!,
      updatedAt: at(t.updatedAt, i) ?? '',
      updatedBy: at(t.updatedBy, i) ?? '',
    };
  }
  return rows;
}
