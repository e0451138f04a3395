import { describe, expect, it } from 'vitest';
import { AssetTableBuilder, decodeAssetTable, gridRowOf, type AssetTable } from '../../shared/api/asset-table';
import { demoCards } from '../../renderer/screens/assets/demo-cards';
import { fails, freshLedger, ok, seedOrg, userSession, type Fixture } from './helpers';

// `assets.table`: the register screen's compact, column-wise rows. Decoded, it must give exactly
// the cards `assets.list` gives (same order, same values), keyed by the asset number.

const HOLDERS = [
  { code: 'L01', depts: ['NK'] },
  { code: 'T01', depts: ['QK'] },
  { code: 'V01', depts: ['ZS'] },
  { code: 'T02', depts: [] },
];

async function withCards(n = 240): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'assets.create', { cards: demoCards(HOLDERS, n, { seed: 11, prefix: 'TB' }) as never });
  return f;
}

describe('assets.table', () => {
  it('decodes to exactly the rows of assets.list, with the asset number as the row id', async () => {
    const f = await withCards();
    // variety the demo cards lack: no model, no department, a disposed card, an edited card (version 2)
    const list0 = await ok(f.ledger, f.admin, 'assets.list', {});
    const [a, b, c] = list0.filter((r) => r.unitCode === 'L01');
    await ok(f.ledger, f.admin, 'assets.edit', { code: a!.code, version: a!.version, changes: { model: null, name: '台式计算机（改）' } });
    await ok(f.ledger, f.admin, 'assets.move', { code: b!.code, date: '2026-11-02', usingDeptCode: null, userName: null, location: null, status: '闲置' });
    await ok(f.ledger, f.admin, 'assets.dispose', { code: c!.code, type: '报废', date: '2026-11-03', docNo: '医共体资〔2026〕1号' });

    const list = await ok(f.ledger, f.admin, 'assets.list', {});
    const table = await ok(f.ledger, f.admin, 'assets.table', {});
    expect(table.n).toBe(240);
    const rows = decodeAssetTable(table);
    expect(rows).toEqual(list.map(gridRowOf));
    expect(rows.map((r) => r.id)).toEqual(list.map((r) => r.code));
    const edited = rows.find((r) => r.code === a!.code)!;
    expect(edited).toMatchObject({ model: null, name: '台式计算机（改）', version: 2 });
    expect(rows.find((r) => r.code === b!.code)).toMatchObject({ usingDeptCode: null, usingDeptName: null, userName: null, location: null, status: '闲置' });
    expect(rows.find((r) => r.code === c!.code)?.status).toBe('已处置');
  });

  it('sends each repeated text once and is a fraction of the size of assets.list', async () => {
    const f = await withCards(600);
    const table = await ok(f.ledger, f.admin, 'assets.table', {});
    const list = await ok(f.ledger, f.admin, 'assets.list', {});
    expect(table.units.map((u) => u.code).sort()).toEqual(['L01', 'T01', 'T02', 'V01']);
    expect(table.depts.length).toBe(3); // NK, QK (of T01), ZS; T02's cards have none
    expect(new Set(table.status.values).size).toBe(table.status.values.length);
    expect(table.status.values.length).toBeLessThanOrEqual(4);
    expect(table.name.values.length).toBeLessThan(60);
    expect(table.updatedAt.values.length).toBe(1); // one batch, one timestamp
    expect(table.dept.filter((d) => d === -1).length).toBe(list.filter((r) => r.usingDeptCode === null).length);
    expect(JSON.stringify(table).length).toBeLessThan(JSON.stringify(list).length / 3);
  });

  it('one unit only with unitCode, in asset-number order', async () => {
    const f = await withCards();
    const rows = decodeAssetTable(await ok(f.ledger, f.admin, 'assets.table', { unitCode: 'T01' }));
    const list = await ok(f.ledger, f.admin, 'assets.list', { unitCode: 'T01' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.unitCode === 'T01')).toBe(true);
    expect(rows).toEqual(list.map(gridRowOf));
    expect(rows.map((r) => r.code)).toEqual([...rows.map((r) => r.code)].sort());
  });

  it('a township operator gets only the cards of their own units (the township and its village clinics)', async () => {
    const f = await withCards();
    const op = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    const rows = decodeAssetTable(await ok(f.ledger, op, 'assets.table', {}));
    const units = new Set(rows.map((r) => r.unitCode));
    expect([...units].sort()).toEqual(['T01', 'V01']);
    expect(rows).toEqual((await ok(f.ledger, op, 'assets.list', {})).map(gridRowOf));
    // the dictionaries carry nothing from other units either
    const table = await ok(f.ledger, op, 'assets.table', {});
    expect(table.units.map((u) => u.code).sort()).toEqual(['T01', 'V01']);
    await fails(f.ledger, op, 'assets.table', { unitCode: 'L01' }, 'NOT_FOUND'); // the same answer as for an unknown unit
  });

  it('an empty register is an empty table', async () => {
    const f = await freshLedger();
    const table = await ok(f.ledger, f.admin, 'assets.table', {});
    expect(table).toMatchObject({ n: 0, code: [], units: [] });
    expect(decodeAssetTable(table)).toEqual([]);
  });
});

describe('AssetTableBuilder', () => {
  const lookup = { unit: (k: string) => ({ code: k, name: `单位${k}` }), dept: (k: string) => ({ code: k, name: `科室${k}` }), className: () => null };
  const row = (code: string, name: string, dept: string | null): Parameters<AssetTableBuilder['add']>[0] => [code, name, 'A02010105', null, 'U1', dept, null, '', '在用', '2026-01-05', 100, 40, 1, '新购', 72, '2026-01-05T00:00:00Z', 'admin'];

  it('dictionary-encodes, maps empty text to -1 and trims to the rows added', () => {
    const b = new AssetTableBuilder(5, lookup);
    b.add(row('A1', '电脑', 'D1'));
    b.add(row('A2', '打印机', null));
    b.add(row('A3', '电脑', 'D1'));
    const t: AssetTable = b.build();
    expect(t.n).toBe(3);
    expect(t.code).toEqual(['A1', 'A2', 'A3']);
    expect(t.name).toEqual({ values: ['电脑', '打印机'], idx: [0, 1, 0] });
    expect(t.location).toEqual({ values: [], idx: [-1, -1, -1] });
    expect(t.dept).toEqual([0, -1, 0]);
    expect(t.depts).toEqual([{ code: 'D1', name: '科室D1' }]);
    expect(t.costFen.length).toBe(3);
    const rows = decodeAssetTable(JSON.parse(JSON.stringify(t)) as AssetTable);
    expect(rows[1]).toMatchObject({ id: 'A2', name: '打印机', usingDeptCode: null, location: null, netFen: 60, unitName: '单位U1' });
  });

  it('refuses more rows than its capacity', () => {
    const b = new AssetTableBuilder(1, lookup);
    b.add(row('A1', '电脑', null));
    expect(() => b.add(row('A2', '电脑', null))).toThrow(RangeError);
  });
});
