import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/engine/audit';
import { MAX_FAILED_LOGINS } from '../../shared/auth/roles';
import { USER_PASSWORD, auditCount, dump, fails, freshLedger, ok, seedOrg, unitsByCode, userSession, type Fixture } from './helpers';

/** Table contents without the bookkeeping an undo legitimately moves forward (version, updated_*). */
function state(f: Fixture, table: string) {
  return dump(f.ledger.db, table)
    .map(({ version: _v, updated_at: _a, updated_by: _b, ...rest }) => rest)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  return f;
}

describe('batch.undo', () => {
  it('undoes an insert batch', async () => {
    const f = await seeded();
    const before = state(f, 'units');
    const b = await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'T03', name: '新镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
        { op: 'insert', row: { code: 'V31', name: '新村卫生室', type: '村卫生室', parentCode: 'T03' } },
      ],
    });
    const u = await ok(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId });
    expect(u).toMatchObject({ undoneBatchId: b.batchId, method: 'units.batch' });
    expect(state(f, 'units')).toEqual(before);
  });

  it('restores updates and deletes exactly (same ids, codes, parents, created_at) in a mixed batch', async () => {
    const f = await seeded();
    const u = await unitsByCode(f.ledger);
    const before = state(f, 'units');
    const b = await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'update', id: u.get('C01')!.id, version: u.get('C01')!.version, changes: { name: '县中医医院', code: 'C09' } },
        { op: 'update', id: u.get('V02')!.id, version: u.get('V02')!.version, changes: { parentCode: 'T02' } },
        { op: 'delete', id: u.get('V03')!.id, version: u.get('V03')!.version },
        { op: 'insert', row: { code: 'N01', name: '新单位', type: '其他', parentCode: null } },
      ],
    });
    expect(state(f, 'units')).not.toEqual(before);
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId });
    expect(state(f, 'units')).toEqual(before);
    // Restored rows carry a newer version than before, so stale grids cannot overwrite them.
    const after = await unitsByCode(f.ledger);
    expect(after.get('C01')!.version).toBeGreaterThan(u.get('C01')!.version);
    expect(after.get('C01')!.updatedBy).toBe('admin');
  });

  it('restores deleted departments', async () => {
    const f = await seeded();
    const before = state(f, 'departments');
    const depts = await ok(f.ledger, f.admin, 'departments.list', {});
    const b = await ok(f.ledger, f.admin, 'departments.batch', { ops: depts.map((d) => ({ op: 'delete' as const, id: d.id, version: d.version })) });
    expect(await ok(f.ledger, f.admin, 'departments.list', {})).toEqual([]);
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId });
    expect(state(f, 'departments')).toEqual(before);
  });

  it('undoes an import (inserts and updates of existing units)', async () => {
    const f = await seeded();
    const before = state(f, 'units');
    const csv = '单位编码,单位名称,单位类型,上级单位编码\nT01,城关中心卫生院,乡镇卫生院,L01\nV05,新村卫生室,村卫生室,T01\n';
    const r = await ok(f.ledger, f.admin, 'units.import', { fileName: 'u.csv', base64: Buffer.from(csv).toString('base64') });
    expect(r.imported).toBe(2);
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: r.batchId! });
    expect(state(f, 'units')).toEqual(before);
  });

  it('is itself audited (one row), recorded as undone, and the chain verifies', async () => {
    const f = await seeded();
    const b = await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'L01', code: 'WK', name: '外科' } }] });
    const n = auditCount(f.ledger);
    const u = await ok(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId });
    expect(auditCount(f.ledger)).toBe(n + 1);
    const row = f.ledger.db.prepare('SELECT seq, actor, method, summary, changes FROM audit_log ORDER BY seq DESC LIMIT 1').get() as Record<string, string | number>;
    expect(row).toMatchObject({ seq: u.batchId, actor: 'admin', method: 'batch.undo' });
    expect(row.summary).toContain(`#${b.batchId}`);
    expect(JSON.parse(String(row.changes))).toEqual([expect.objectContaining({ entity: 'department', after: null, before: expect.objectContaining({ code: 'WK' }) })]);
    expect(f.ledger.db.prepare('SELECT batch_seq, undo_seq FROM undone_batches').all()).toEqual([{ batch_seq: b.batchId, undo_seq: u.batchId }]);
    expect(verifyAuditChain(f.ledger.db).ok).toBe(true);
  });

  it('refuses a second undo of the same batch', async () => {
    const f = await seeded();
    const b = await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'L01', code: 'WK', name: '外科' } }] });
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId });
    const n = auditCount(f.ledger);
    const e = await fails(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId }, 'NOTHING_TO_UNDO');
    expect(e.message).toContain('已撤销');
    expect(auditCount(f.ledger)).toBe(n);
  });

  it('refuses (CONFLICT) when a row was changed since, naming who, and changes nothing', async () => {
    const f = await seeded();
    const wang = await userSession(f, 'wang', '系统管理员');
    const u = await unitsByCode(f.ledger);
    const b = await ok(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'update', id: u.get('C01')!.id, version: u.get('C01')!.version, changes: { name: '县中医医院' } },
        { op: 'update', id: u.get('T01')!.id, version: u.get('T01')!.version, changes: { name: '城关中心卫生院' } },
      ],
    });
    const t01 = b.rows.find((r) => r.code === 'T01')!;
    await ok(f.ledger, wang, 'units.batch', { ops: [{ op: 'update', id: t01.id, version: t01.version, changes: { name: '城关镇中心卫生院' } }] });
    const before = dump(f.ledger.db, 'units');
    const n = auditCount(f.ledger);
    const e = await fails(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId }, 'CONFLICT');
    expect(e.message).toContain('wang');
    expect(dump(f.ledger.db, 'units')).toEqual(before);
    expect(auditCount(f.ledger)).toBe(n);
    expect(f.ledger.db.prepare('SELECT count(*) FROM undone_batches').pluck().get()).toBe(0);
  });

  it('refuses when a deleted row was re-created since', async () => {
    const f = await seeded();
    const v02 = (await unitsByCode(f.ledger)).get('V02')!;
    const del = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'delete', id: v02.id, version: v02.version }] });
    const ins = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'V02', name: '西村卫生室', type: '村卫生室', parentCode: 'T01' } }] });
    // Undo of the delete would recreate the old id: the old code is taken again, so it must be refused.
    const e = await fails(f.ledger, f.admin, 'batch.undo', { batchId: del.batchId }, 'CONFLICT');
    expect(e.message).toMatch(/无法撤销/);
    expect((await unitsByCode(f.ledger)).get('V02')!.id).toBe(ins.rows[0]!.id);
  });

  it('refuses (CONFLICT, not an internal error) when undoing an insert whose unit has since gained departments', async () => {
    const f = await seeded();
    const b = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'T03', name: '新镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } }] });
    await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'T03', code: 'QK', name: '全科' } }] });
    const e = await fails(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId }, 'CONFLICT');
    expect(e.message).toMatch(/无法撤销/);
    expect((await unitsByCode(f.ledger)).has('T03')).toBe(true);
  });

  it('refuses (CONFLICT) when undoing a code change whose old code was taken since', async () => {
    const f = await seeded();
    const c01 = (await unitsByCode(f.ledger)).get('C01')!;
    const b = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: c01.id, version: c01.version, changes: { code: 'C09' } }] });
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'C01', name: '县妇幼保健院', type: '县级医院', parentCode: 'L01' } }] });
    const n = auditCount(f.ledger);
    await fails(f.ledger, f.admin, 'batch.undo', { batchId: b.batchId }, 'CONFLICT');
    expect(auditCount(f.ledger)).toBe(n);
    expect((await unitsByCode(f.ledger)).get('C09')!.id).toBe(c01.id);
  });

  it('refuses an unknown batch and a batch that cannot be undone', async () => {
    const f = await seeded();
    await fails(f.ledger, f.admin, 'batch.undo', { batchId: 9999 }, 'NOTHING_TO_UNDO');
    await fails(f.ledger, f.admin, 'batch.undo', { batchId: 1 }, 'NOTHING_TO_UNDO'); // setup (community name)
  });

  it('a user may undo their own batch but not another user’s; an admin may undo anyone’s', async () => {
    const f = await seeded();
    const fin = await userSession(f, 'caiwu', '财务');
    const mine = await ok(f.ledger, fin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'C01', code: 'CW', name: '财务科' } }] });
    const adminBatch = await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'C01', code: 'ZY', name: '中医科' } }] });
    await fails(f.ledger, fin, 'batch.undo', { batchId: adminBatch.batchId }, 'FORBIDDEN');
    await ok(f.ledger, fin, 'batch.undo', { batchId: mine.batchId });
    const again = await ok(f.ledger, fin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'C01', code: 'CW', name: '财务科' } }] });
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: again.batchId });
    expect((await ok(f.ledger, f.admin, 'departments.list', { unitCode: 'C01' })).map((d) => d.code)).toEqual(['ZY']);
  });

  it('undoing an unrelated edit of a user does not clear a lockout that happened since', async () => {
    const f = await seeded();
    await userSession(f, 'zhang', '财务');
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((x) => x.username === 'zhang')!;
    const edit = await ok(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: user.id, version: user.version, changes: { displayName: '张三' } }] });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: 'guessing-1' });
    await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD }, 'LOCKED');

    await ok(f.ledger, f.admin, 'batch.undo', { batchId: edit.batchId });
    const after = (await ok(f.ledger, f.admin, 'users.list', {})).find((x) => x.username === 'zhang')!;
    expect(after.displayName).toBe('zhang');
    expect(after.lockedUntil).not.toBeNull();
    await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD }, 'LOCKED');
  });

  it('undoing a user edit never touches the password', async () => {
    const f = await seeded();
    await userSession(f, 'zhang', '财务');
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((x) => x.username === 'zhang')!;
    const edit = await ok(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: user.id, version: user.version, changes: { role: '人事' } }] });
    const hash = f.ledger.db.prepare("SELECT password_hash FROM users WHERE username = 'zhang'").pluck().get();
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: edit.batchId });
    expect(f.ledger.db.prepare("SELECT role, password_hash FROM users WHERE username = 'zhang'").get()).toEqual({ role: 'finance', password_hash: hash });
    await ok(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD });
  });
});
