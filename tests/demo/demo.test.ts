import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DEMO_COMMUNITY_NAME, DEMO_PASSWORD, mulberry32, type DemoResult } from '../../db/demo';
import { verifyAuditChain } from '../../db/engine/audit';
import { openLedger, type CallContext, type Ledger } from '../../db/engine/ledger';
import { ROLES } from '../../shared/auth/roles';
import type { DepartmentRow, UnitRow, UserRow } from '../../shared/api/types';
import { UNIT_CODE_PATTERN } from '../../shared/domain/org';

const SYS: CallContext = { system: { actor: 'test' } };
const dirs: string[] = [];
const ledgers: Ledger[] = [];

async function freshLedger(): Promise<Ledger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-demo-'));
  dirs.push(dir);
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  ledgers.push(ledger);
  await ledger.invoke('setup.createAdmin', { communityName: DEMO_COMMUNITY_NAME, username: 'admin', displayName: '系统管理员', password: 'admin-pass-1' }, {});
  return ledger;
}

async function snapshot(ledger: Ledger) {
  const units = await ledger.invoke('units.list', {}, SYS);
  const depts = await ledger.invoke('departments.list', {}, SYS);
  const users = await ledger.invoke('users.list', {}, SYS);
  return {
    units: units.map((u) => [u.code, u.name, u.type, u.parentCode]),
    depts: depts.map((d) => [d.unitCode, d.code, d.name]),
    users: users.map((u) => [u.username, u.displayName, u.role, u.unitCode]),
  };
}

afterAll(() => {
  for (const l of ledgers) l.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('mulberry32', () => {
  it('is a deterministic stream in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    const c = mulberry32(43);
    expect(c()).not.toBe(xs[0]);
  });
});

describe('buildDemo', () => {
  let ledger: Ledger;
  let result: DemoResult;
  let units: UnitRow[];
  let depts: DepartmentRow[];
  let users: UserRow[];
  let auditMethods: string[];
  const progress: string[] = [];

  beforeAll(async () => {
    ledger = await freshLedger();
    // The organisation only; the asset register is checked in assets.test.ts.
    result = await buildDemo(ledger, { seed: 7, assets: false, onProgress: (m) => progress.push(m) });
    units = await ledger.invoke('units.list', {}, SYS);
    depts = await ledger.invoke('departments.list', {}, SYS);
    users = await ledger.invoke('users.list', {}, SYS);
    auditMethods = ledger.db.prepare('SELECT method FROM audit_log ORDER BY seq').pluck().all() as string[];
  }, 60_000);

  it('reports what it built and its progress', () => {
    expect(result.units).toBe(units.length);
    expect(result.departments).toBe(depts.length);
    expect(progress.length).toBeGreaterThanOrEqual(5);
  });

  it('builds one lead hospital, two county hospitals, township and community centres', () => {
    const byType = (t: string) => units.filter((u) => u.type === t);
    expect(byType('牵头医院').map((u) => u.name)).toEqual(['清河县人民医院']);
    expect(byType('牵头医院')[0]!.parentCode).toBeNull();
    expect(byType('县级医院').map((u) => u.name).sort()).toEqual(['清河县中医医院', '清河县妇幼保健院'].sort());
    expect(byType('乡镇卫生院').length).toBeGreaterThanOrEqual(15);
    expect(byType('乡镇卫生院').every((u) => /卫生院$/.test(u.name))).toBe(true);
    expect(byType('社区卫生服务中心').length).toBeGreaterThanOrEqual(1);
    const lead = byType('牵头医院')[0]!.code;
    for (const u of units.filter((x) => x.type !== '牵头医院' && x.type !== '村卫生室')) expect(u.parentCode).toBe(lead);
    expect(units.length).toBeGreaterThanOrEqual(100);
  });

  it('puts every village clinic under a township or community centre, 5–12 per township', () => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const villages = units.filter((u) => u.type === '村卫生室');
    expect(villages.length).toBeGreaterThanOrEqual(100);
    for (const v of villages) {
      expect(v.name).toMatch(/村卫生室$/);
      const parent = byCode.get(v.parentCode ?? '');
      expect(parent?.type === '乡镇卫生院' || parent?.type === '社区卫生服务中心').toBe(true);
      expect(v.code.startsWith(`${v.parentCode}-`)).toBe(true);
    }
    for (const t of units.filter((u) => u.type === '乡镇卫生院')) {
      const n = villages.filter((v) => v.parentCode === t.code).length;
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(12);
    }
    expect(new Set(villages.map((v) => v.name)).size).toBe(villages.length);
  });

  it('uses short structured unit codes', () => {
    for (const u of units) {
      expect(u.code).toMatch(UNIT_CODE_PATTERN);
      expect(u.code).toMatch(/^QH\d{3}(-\d{2})?$/);
    }
  });

  it('gives every unit departments sized to its level, coded D01, D02 …', () => {
    const perUnit = new Map<string, DepartmentRow[]>();
    for (const d of depts) perUnit.set(d.unitCode, [...(perUnit.get(d.unitCode) ?? []), d]);
    for (const u of units) {
      const list = perUnit.get(u.code) ?? [];
      expect(list.length, u.code).toBeGreaterThanOrEqual(1);
      expect(list.map((d) => d.code).sort()).toEqual(list.map((_, i) => `D${String(i + 1).padStart(2, '0')}`));
      expect(new Set(list.map((d) => d.name)).size).toBe(list.length);
      const n = list.length;
      if (u.type === '牵头医院' || u.type === '县级医院') expect(n >= 25 && n <= 40, `${u.code}: ${n}`).toBe(true);
      if (u.type === '乡镇卫生院') expect(n >= 8 && n <= 14, `${u.code}: ${n}`).toBe(true);
      if (u.type === '村卫生室') expect(list.map((d) => d.name)).toEqual(['诊室']);
    }
    const lead = perUnit.get('QH001')!.map((d) => d.name);
    expect(lead).toEqual(expect.arrayContaining(['心血管内科', '重症医学科(ICU)', '检验科', '医学影像科', '药剂科', '财务科', '设备科']));
  });

  it('creates a user for every role, and one operator per township centre, all with the demo password', async () => {
    const roles = new Set(users.map((u) => u.role));
    for (const r of ROLES) expect(roles.has(r), r).toBe(true);
    for (const t of units.filter((u) => u.type === '乡镇卫生院')) {
      expect(users.filter((u) => u.role === 'unit_operator' && u.unitCode === t.code).length, t.code).toBe(1);
    }
    expect(users.find((u) => u.username === 'caiwu')).toMatchObject({ role: 'finance', displayName: '张丽' });
    // What buildDemo returned matches what is stored (the CLI prints it).
    const stored = new Map(users.map((u) => [u.username, u]));
    for (const u of result.users) {
      expect(u.password).toBe(DEMO_PASSWORD);
      expect(stored.get(u.username)).toMatchObject({ role: u.role, unitCode: u.unitCode, disabled: false });
      expect(stored.get(u.username)!.displayName).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    expect(result.users.length).toBe(users.length - 1); // all but the administrator
    const login = await ledger.invoke('session.login', { username: 'shenji', password: DEMO_PASSWORD }, {});
    expect(login.user.role).toBe('auditor');
  });

  it('limits a township operator to their centre and its village clinics', async () => {
    const op = result.users.find((u) => u.role === 'unit_operator' && u.unitCode === 'QH102')!;
    expect(op.username).toBe('op_qh102');
    const { sessionId, user } = await ledger.invoke('session.login', { username: op.username, password: op.password }, {});
    expect(user.unitCode).toBe('QH102');
    const seen = await ledger.invoke('units.list', {}, { sessionId });
    const expected = units.filter((u) => u.code === 'QH102' || u.parentCode === 'QH102').map((u) => u.code);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(seen.map((u) => u.code).sort()).toEqual(expected.sort());
    const seenDepts = await ledger.invoke('departments.list', {}, { sessionId });
    expect(new Set(seenDepts.map((d) => d.unitCode))).toEqual(new Set(expected));
    // Writing outside their scope is refused.
    const reply = await ledger.call('departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'QH101', code: 'D99', name: '越权科室' } }] }, { sessionId });
    expect(reply.ok).toBe(false);
  });

  it('writes through the API in a handful of batches and leaves an intact audit chain', () => {
    // createAdmin, then 3 unit batches, 3 department batches and one users.add per user.
    expect(auditMethods).toEqual([
      'setup.createAdmin',
      ...Array(3).fill('units.batch'),
      ...Array(3).fill('departments.batch'),
      ...Array(result.users.length).fill('users.add'),
    ]);
    const report = verifyAuditChain(ledger.db);
    expect(report.ok, report.reason).toBe(true);
    expect(report.rows).toBeGreaterThanOrEqual(auditMethods.length);
  });

  it('refuses a ledger that already has units', async () => {
    await expect(buildDemo(ledger, { seed: 7 })).rejects.toMatchObject({ code: 'DUPLICATE' });
  });
});

describe('buildDemo determinism', () => {
  it('gives the same community for the same seed and a different one for another seed', async () => {
    const a = await freshLedger();
    const b = await freshLedger();
    const c = await freshLedger();
    await buildDemo(a, { seed: 123, assets: false });
    await buildDemo(b, { seed: 123, assets: false });
    await buildDemo(c, { seed: 124, assets: false });
    const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
    expect(sb).toEqual(sa);
    expect(sc.units).not.toEqual(sa.units);
    // The fixed skeleton is the same whatever the seed.
    const skeleton = (s: typeof sa) => s.units.filter((u) => u[2] !== '村卫生室');
    expect(skeleton(sc)).toEqual(skeleton(sa));
  }, 120_000);

  it('refuses to run before the administrator exists', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-demo-'));
    dirs.push(dir);
    const ledger = openLedger(path.join(dir, 'empty.ledger'), { create: true });
    ledgers.push(ledger);
    await expect(buildDemo(ledger)).rejects.toMatchObject({ code: 'SETUP_REQUIRED' });
    expect(await ledger.invoke('units.list', {}, SYS)).toEqual([]);
  });
});
