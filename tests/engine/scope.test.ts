import ExcelJS from 'exceljs';
import type { CallContext } from '../../db/engine/ledger';
import { describe, expect, it } from 'vitest';
import { USER_PASSWORD, auditCount, fails, freshLedger, ok, seedOrg, userSession, type Fixture } from './helpers';

/** The community from seedOrg plus a unit operator of the township centre T01 (which has villages V01, V02). */
async function township(): Promise<Fixture & { op: CallContext }> {
  const f = await freshLedger();
  await seedOrg(f);
  const op = await userSession(f, 'tongguan', '成员单位操作员', 'T01');
  return { ...f, op: { sessionId: op.sessionId } };
}

describe('unit operator scope (engine-enforced)', () => {
  it('sees only their unit and its village clinics', async () => {
    const f = await township();
    const units = await ok(f.ledger, f.op, 'units.list', {});
    expect(units.map((u) => u.code).sort()).toEqual(['T01', 'V01', 'V02']);
    const depts = await ok(f.ledger, f.op, 'departments.list', {});
    expect(depts.map((d) => `${d.unitCode}/${d.code}`).sort()).toEqual(['T01/QK', 'V01/ZS']);
  });

  it('asking for another unit by code reveals nothing', async () => {
    const f = await township();
    expect(await ok(f.ledger, f.op, 'units.list', { unitCode: 'T02' })).toEqual([]);
    expect(await ok(f.ledger, f.op, 'units.list', { unitCode: 'V01' })).toHaveLength(1);
    const e = await fails(f.ledger, f.op, 'departments.list', { unitCode: 'T02' }, 'NOT_FOUND');
    expect(e.message).toContain('权限范围');
    expect(await ok(f.ledger, f.op, 'departments.list', { unitCode: 'V01' })).toHaveLength(1);
  });

  it('exports contain only their units', async () => {
    const f = await township();
    const out = await ok(f.ledger, f.op, 'units.export', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const codes: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes.sort()).toEqual(['T01', 'V01', 'V02']);
    const depts = await ok(f.ledger, f.op, 'departments.export', {});
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(depts.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(3); // header + T01/QK + V01/ZS
  });

  it('can add, edit and delete departments of their own unit and its villages', async () => {
    const f = await township();
    const added = await ok(f.ledger, f.op, 'departments.batch', {
      ops: [
        { op: 'insert', row: { unitCode: 'T01', code: 'FB', name: '妇保科' } },
        { op: 'insert', row: { unitCode: 'V02', code: 'ZS', name: '诊室' } },
      ],
    });
    expect(added.rows.map((r) => `${r.unitCode}/${r.code}`)).toEqual(['T01/FB', 'V02/ZS']);
    expect(added.rows[0]!.updatedBy).toBe('tongguan');
    const fb = added.rows[0]!;
    const edited = await ok(f.ledger, f.op, 'departments.batch', { ops: [{ op: 'update', id: fb.id, version: fb.version, changes: { name: '妇幼保健科' } }] });
    expect(edited.rows[0]).toMatchObject({ name: '妇幼保健科', version: 2 });
    const del = await ok(f.ledger, f.op, 'departments.batch', { ops: [{ op: 'delete', id: fb.id, version: 2 }] });
    expect(del.deletedIds).toEqual([fb.id]);
  });

  it('is refused for another unit’s departments (insert, update, delete, move) and nothing is written', async () => {
    const f = await township();
    const all = await ok(f.ledger, f.admin, 'departments.list', {});
    const foreign = all.find((d) => d.unitCode === 'T02')!;
    const own = all.find((d) => d.unitCode === 'T01')!;
    const rows = auditCount(f.ledger);
    const cases: [string, unknown][] = [
      ['insert into T02', { ops: [{ op: 'insert', row: { unitCode: 'T02', code: 'FB', name: '妇保科' } }] }],
      ['insert into the lead hospital', { ops: [{ op: 'insert', row: { unitCode: 'L01', code: 'FB', name: '妇保科' } }] }],
      ['update T02/QK', { ops: [{ op: 'update', id: foreign.id, version: foreign.version, changes: { name: '改名' } }] }],
      ['delete T02/QK', { ops: [{ op: 'delete', id: foreign.id, version: foreign.version }] }],
      ['move own department to T02', { ops: [{ op: 'update', id: own.id, version: own.version, changes: { unitCode: 'T02' } }] }],
      ['a good row with a foreign one', { ops: [{ op: 'insert', row: { unitCode: 'T01', code: 'OK', name: '好' } }, { op: 'insert', row: { unitCode: 'T02', code: 'NO', name: '坏' } }] }],
    ];
    for (const [label, args] of cases) {
      const e = await fails(f.ledger, f.op, 'departments.batch', args);
      expect(['FORBIDDEN', 'VALIDATION'], label).toContain(e.code);
      expect(e.message, label).toMatch(/无权|权限/);
      if (e.code === 'VALIDATION') expect(e.details?.some((d) => d.field === 'unitCode' && /无权/.test(d.message)), label).toBe(true);
    }
    expect(auditCount(f.ledger)).toBe(rows);
    expect(await ok(f.ledger, f.admin, 'departments.list', {})).toEqual(all);
  });

  it('department imports are scoped too', async () => {
    const f = await township();
    const csv = '单位编码,科室编码,科室名称\nT01,FB,妇保科\nT02,FB,妇保科\n';
    const r = await ok(f.ledger, f.op, 'departments.import', { fileName: 'd.csv', base64: Buffer.from(csv).toString('base64'), skipInvalid: true });
    expect(r.imported).toBe(1);
    expect(r.rejected).toEqual([expect.objectContaining({ row: 3, column: '单位编码' })]);
    expect((await ok(f.ledger, f.admin, 'departments.list', { unitCode: 'T02' })).map((d) => d.code)).toEqual(['QK']);
  });

  it('cannot call units.batch, units.import or user management', async () => {
    const f = await township();
    const t01 = (await ok(f.ledger, f.op, 'units.list', { unitCode: 'T01' }))[0]!;
    await fails(f.ledger, f.op, 'units.batch', { ops: [{ op: 'update', id: t01.id, version: t01.version, changes: { name: '改名' } }] }, 'FORBIDDEN');
    await fails(f.ledger, f.op, 'units.batch', { ops: [{ op: 'insert', row: { code: 'V09', name: '新村', type: '村卫生室', parentCode: 'T01' } }] }, 'FORBIDDEN');
    await fails(f.ledger, f.op, 'units.import', { fileName: 'u.csv', base64: Buffer.from('单位编码,单位名称,单位类型\nX,x,其他\n').toString('base64') }, 'FORBIDDEN');
    await fails(f.ledger, f.op, 'users.list', {}, 'FORBIDDEN');
    await fails(f.ledger, f.op, 'audit.list', {}, 'FORBIDDEN');
    expect((await ok(f.ledger, f.admin, 'units.list', { unitCode: 'T01' }))[0]!.name).toBe('城关镇卫生院');
  });

  it('cannot undo someone else’s batch', async () => {
    const f = await township();
    const b = await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'T01', code: 'XX', name: '临时' } }] });
    await fails(f.ledger, f.op, 'batch.undo', { batchId: b.batchId }, 'FORBIDDEN');
  });

  it('a unit operator whose unit changes sees the new scope on the next call', async () => {
    const f = await township();
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'tongguan')!;
    await ok(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: user.id, version: user.version, changes: { unitCode: 'T02' } }] });
    // Moving the user ends their sessions; after logging in again they see T02 only.
    await fails(f.ledger, f.op, 'units.list', {}, 'UNAUTHENTICATED');
    const s = await ok(f.ledger, {}, 'session.login', { username: 'tongguan', password: USER_PASSWORD });
    expect((await ok(f.ledger, { sessionId: s.sessionId }, 'units.list', {})).map((u) => u.code).sort()).toEqual(['T02', 'V03']);
  });

  it('a unit operator must have a unit', async () => {
    const f = await freshLedger();
    const e = await fails(f.ledger, f.admin, 'users.add', { username: 'nounit', displayName: 'x', role: 'unit_operator', unitCode: null, password: 'password-1' }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ field: 'unitCode' });
  });
});
