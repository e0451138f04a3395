import { describe, expect, it } from 'vitest';
import { auditCount, dump, fails, freshLedger, ok, seedOrg, unitsByCode, userSession, type Fixture } from './helpers';

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  return f;
}

describe('units.batch: inserts, updates, deletes with row versions', () => {
  it('inserts return rows with version 1 and who wrote them; updates bump the version', async () => {
    const f = await freshLedger();
    const ins = await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } },
        { op: 'insert', row: { code: 'Ｔ０１', name: ' 城关镇卫生院 ', type: '卫生院', parentCode: 'L01' } },
      ],
    });
    expect(ins.batchId).toBeGreaterThan(0);
    expect(ins.rows.map((r) => [r.code, r.name, r.type, r.parentCode, r.parentName, r.version, r.updatedBy])).toEqual([
      ['L01', '县人民医院', '牵头医院', null, null, 1, 'admin'],
      ['T01', '城关镇卫生院', '乡镇卫生院', 'L01', '县人民医院', 1, 'admin'],
    ]);
    const t01 = ins.rows[1]!;
    const upd = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: t01.id, version: 1, changes: { name: '城关中心卫生院' } }] });
    expect(upd.rows[0]).toMatchObject({ id: t01.id, name: '城关中心卫生院', type: '乡镇卫生院', parentCode: 'L01', version: 2 });
    expect(Date.parse(upd.rows[0]!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(t01.updatedAt));
  });

  it('deletes a leaf unit and reports its id', async () => {
    const f = await seeded();
    const v02 = (await unitsByCode(f.ledger)).get('V02')!;
    const r = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: v02.id, version: v02.version }] });
    expect(r.deletedIds).toEqual([v02.id]);
    expect((await unitsByCode(f.ledger)).has('V02')).toBe(false);
  });

  it('a stale update is refused with CONFLICT naming who changed the row and when; nothing is written', async () => {
    const f = await seeded();
    const wang = await userSession(f, 'wang', '系统管理员');
    const c01 = (await unitsByCode(f.ledger)).get('C01')!;
    const t02 = (await unitsByCode(f.ledger)).get('T02')!;
    const theirs = await ok(f.ledger, wang, 'units.batch', { ops: [{ op: 'update', id: c01.id, version: c01.version, changes: { name: '县中医医院' } }] });
    const changedAt = theirs.rows[0]!.updatedAt;
    const before = dump(f.ledger.db, 'units');
    const rows = auditCount(f.ledger);

    // Our grid still holds version 1 of C01; the batch also carries a good edit of T02 first.
    const e = await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'update', id: t02.id, version: t02.version, changes: { name: '河口中心卫生院' } },
        { op: 'update', id: c01.id, version: c01.version, changes: { name: '中医院' } },
      ],
    }, 'CONFLICT');
    expect(e.message).toContain('wang');
    expect(e.message).toContain(changedAt);
    expect(e.params).toMatchObject({ by: 'wang', at: changedAt });
    expect(e.details?.[0]).toMatchObject({ id: c01.id, row: 2 });
    expect(dump(f.ledger.db, 'units')).toEqual(before);
    expect(auditCount(f.ledger)).toBe(rows);
  });

  it('a stale delete is refused too, and deleting a row someone already deleted is NOT_FOUND', async () => {
    const f = await seeded();
    const v02 = (await unitsByCode(f.ledger)).get('V02')!;
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: v02.id, version: v02.version, changes: { name: '西村卫生所' } }] });
    await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: v02.id, version: v02.version }] }, 'CONFLICT');
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: v02.id, version: v02.version + 1 }] });
    await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: v02.id, version: v02.version + 1 }] }, 'NOT_FOUND');
  });

  it('one bad row among three writes nothing and reports the row number and field (schema check)', async () => {
    const f = await seeded();
    const before = dump(f.ledger.db, 'units');
    const rows = auditCount(f.ledger);
    const e = await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'N01', name: '新单位一', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'N 02', name: '新单位二', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'N03', name: '新单位三', type: '其他', parentCode: null } },
      ],
    }, 'VALIDATION');
    expect(e.details).toEqual([expect.objectContaining({ row: 2, field: 'code', message: expect.stringMatching(/单位编码/) })]);
    expect(e.message).toContain('第 2 行');
    expect(dump(f.ledger.db, 'units')).toEqual(before);
    expect(auditCount(f.ledger)).toBe(rows);
  });

  it('one bad row among three writes nothing and reports the row number and field (rule check)', async () => {
    const f = await seeded();
    const before = dump(f.ledger.db, 'units');
    const e = await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'N01', name: '新单位一', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'N02', name: '新单位二', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'V09', name: '某村卫生室', type: '村卫生室', parentCode: 'C01' } },
      ],
    }, 'VALIDATION');
    expect(e.details).toEqual([expect.objectContaining({ row: 3, field: 'parentCode', message: expect.stringContaining('乡镇卫生院或社区卫生服务中心') })]);
    expect(e.message).toMatch(/未保存任何修改/);
    expect(dump(f.ledger.db, 'units')).toEqual(before);
  });

  it('reports every bad row, not just the first', async () => {
    const f = await seeded();
    const e = await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'N01', name: 'a', type: '其他', parentCode: 'NOPE' } },
        { op: 'insert', row: { code: 'N02', name: 'b', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'L01', name: 'c', type: '其他', parentCode: null } },
      ],
    }, 'VALIDATION');
    expect(e.details?.map((d) => [d.row, d.field])).toEqual([
      [1, 'parentCode'],
      [3, 'code'],
    ]);
  });

  it('duplicate codes are refused: against the ledger (any case) and within one batch', async () => {
    const f = await seeded();
    const e1 = await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'l01', name: '重复', type: '其他', parentCode: null } }] }, 'VALIDATION');
    expect(e1.details?.[0]).toMatchObject({ row: 1, field: 'code', message: expect.stringContaining('县人民医院') });
    const e2 = await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'N01', name: '一', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'N01', name: '二', type: '其他', parentCode: null } },
      ],
    }, 'VALIDATION');
    expect(e2.details?.[0]).toMatchObject({ row: 2, field: 'code' });
    // Renaming a code onto another unit's code.
    const c01 = (await unitsByCode(f.ledger)).get('C01')!;
    await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: c01.id, version: c01.version, changes: { code: 'T01' } }] }, 'VALIDATION');
    expect((await unitsByCode(f.ledger)).size).toBe(7);
  });

  it('a parent cycle is refused (direct, indirect and within one batch)', async () => {
    const f = await freshLedger();
    await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'A', name: 'A', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'B', name: 'B', type: '其他', parentCode: 'A' } },
        { op: 'insert', row: { code: 'C', name: 'C', type: '其他', parentCode: 'B' } },
      ],
    });
    const u = await unitsByCode(f.ledger);
    const a = u.get('A')!;
    const c = u.get('C')!;
    const self = await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: a.id, version: a.version, changes: { parentCode: 'A' } }] }, 'VALIDATION');
    expect(self.details?.[0]).toMatchObject({ field: 'parentCode', message: expect.stringContaining('下级') });
    await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: a.id, version: a.version, changes: { parentCode: 'C' } }] }, 'VALIDATION');
    // Detach C, then try to make A a child of C and C a child of A in one batch.
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: c.id, version: c.version, changes: { parentCode: null } }] });
    await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'update', id: a.id, version: a.version, changes: { parentCode: 'C' } },
        { op: 'update', id: c.id, version: c.version + 1, changes: { parentCode: 'A' } },
      ],
    }, 'VALIDATION');
    const after = await unitsByCode(f.ledger);
    expect([after.get('A')!.parentCode, after.get('B')!.parentCode, after.get('C')!.parentCode]).toEqual([null, 'A', null]);
  });

  it('deleting a unit that still has child units, departments or users is refused', async () => {
    const f = await seeded();
    await userSession(f, 'op-c01', '成员单位操作员', 'C01');
    const u = await unitsByCode(f.ledger);
    const before = dump(f.ledger.db, 'units');
    for (const [code, what] of [['T02', /下级单位 1 个/], ['L01', /下级单位 3 个/], ['V01', /科室 1 个/], ['C01', /用户 1 个/]] as const) {
      const unit = u.get(code)!;
      const e = await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: unit.id, version: unit.version }] }, 'VALIDATION');
      expect(e.details?.[0]?.message, code).toMatch(what);
    }
    expect(dump(f.ledger.db, 'units')).toEqual(before);
  });

  it('a child and its parent can be deleted in one batch (child first)', async () => {
    const f = await seeded();
    const u = await unitsByCode(f.ledger);
    const t02 = u.get('T02')!;
    const v03 = u.get('V03')!;
    const dept = (await ok(f.ledger, f.admin, 'departments.list', { unitCode: 'T02' }))[0]!;
    await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'delete', id: dept.id, version: dept.version }] });
    const r = await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'delete', id: v03.id, version: v03.version },
        { op: 'delete', id: t02.id, version: t02.version },
      ],
    });
    expect(r.deletedIds).toEqual([v03.id, t02.id]);
  });

  it('changing a township centre that has villages into another type is refused', async () => {
    const f = await seeded();
    const t01 = (await unitsByCode(f.ledger)).get('T01')!;
    const e = await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: t01.id, version: t01.version, changes: { type: '县级医院' } }] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ field: 'type', message: expect.stringContaining('2 个村卫生室') });
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: t01.id, version: t01.version, changes: { type: '社区卫生服务中心' } }] });
  });

  it('an update to an unknown id is NOT_FOUND', async () => {
    const f = await seeded();
    await fails(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: 'no-such-id', version: 1, changes: { name: 'x' } }] }, 'NOT_FOUND');
  });

  it('departments: codes are unique per unit, not across units', async () => {
    const f = await seeded();
    // QK exists in T01 and T02 already (seedOrg); a second QK in T01 is refused.
    const e = await fails(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'T01', code: 'qk', name: '全科二' } }] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ row: 1, field: 'code', message: expect.stringContaining('全科') });
    await fails(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'NOPE', code: 'X', name: 'x' } }] }, 'VALIDATION');
  });
});
