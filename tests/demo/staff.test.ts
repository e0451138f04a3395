import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DEMO_COMMUNITY_NAME, type DemoResult } from '../../db/demo';
import { DEMO_AT_SENIOR_CAP } from '../../db/demo/staff';
import { verifyAuditChain } from '../../db/engine/audit';
import { openLedger, type CallContext, type Ledger } from '../../db/engine/ledger';
import { parseIdNumber } from '../../shared/domain/posts';

// The demo staff register (db/demo/staff.ts), built small (scale 0.15) with the organisation only.

const SYS: CallContext = { system: { actor: 'test' } };
const dirs: string[] = [];
const ledgers: Ledger[] = [];

async function fresh(): Promise<Ledger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-demo-staff-'));
  dirs.push(dir);
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  ledgers.push(ledger);
  await ledger.invoke('setup.createAdmin', { communityName: DEMO_COMMUNITY_NAME, username: 'admin', displayName: '系统管理员', password: 'admin-pass-1' }, {});
  return ledger;
}

afterAll(() => {
  for (const l of ledgers) l.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('demo staff register', () => {
  let ledger: Ledger;
  let result: DemoResult;
  beforeAll(async () => {
    ledger = await fresh();
    result = await buildDemo(ledger, { seed: 11, assets: false, staff: { scale: 0.15 } });
  }, 600_000);

  it('holds people with valid identity numbers, one or two posts each, in the units of the community', async () => {
    const staff = await ledger.invoke('staff.list', {}, SYS);
    expect(staff.length).toBe(result.staff!.people);
    expect(staff.length).toBeGreaterThan(400);
    for (const s of staff) {
      const id = parseIdNumber(s.idNumber);
      expect(id.ok, s.staffNo).toBe(true);
      expect(id.ok && [id.sex, id.birthDate]).toEqual([s.sex, s.birthDate]);
      expect(s.current.length).toBeGreaterThanOrEqual(1);
      expect(s.current.length).toBeLessThanOrEqual(2);
    }
    expect(staff.filter((s) => s.current.length === 2).length).toBe(result.staff!.dualPosts);
    const apps = ledger.db.prepare('SELECT count(*) FROM appointments').pluck().get();
    expect(apps).toBe(result.staff!.appointments);
  });

  it('has county-managed doctors working in townships and township doctors in villages', async () => {
    const roster = await ledger.invoke('posts.secondments', {}, SYS);
    expect(roster.filter((r) => r.arrangement === '县管乡用').length).toBe(result.staff!.countyManaged);
    expect(roster.filter((r) => r.arrangement === '乡聘村用').length).toBe(result.staff!.villageUsed);
    expect(result.staff!.countyManaged).toBeGreaterThan(0);
    expect(result.staff!.villageUsed).toBeGreaterThan(0);
  });

  it('keeps every unit within its caps except the recorded override, and fills one unit to exactly its senior cap', async () => {
    const s = await ledger.invoke('posts.structure', {}, SYS);
    const overrides = await ledger.invoke('posts.overrides', {}, SYS);
    expect(overrides.length).toBe(result.staff!.overrides);
    const breached = s.units.filter((u) => u.breaches.length);
    expect(breached.map((u) => u.unitCode)).toEqual([...new Set(overrides.map((o) => o.unitCode))]);
    const cap = s.units.find((u) => u.unitCode === DEMO_AT_SENIOR_CAP)!;
    const senior = cap.caps.find((c) => c.rule === 'senior')!;
    expect(senior.filled).toBe(senior.limit);
    expect(senior.limit).toBeGreaterThan(0);
    const junior = (await ledger.invoke('staff.list', { unitCode: DEMO_AT_SENIOR_CAP }, SYS)).find((p) => p.current.length === 1 && (p.current[0]!.grade ?? 0) >= 11)!;
    const check = await ledger.invoke('posts.check', { staffNo: junior.staffNo, unitCode: DEMO_AT_SENIOR_CAP, category: '专业技术', grade: 7 }, SYS);
    expect(check.breaches.map((b) => [b.rule, b.current, b.limit])).toEqual([['senior', senior.limit, senior.limit]]);
    expect(verifyAuditChain(ledger.db).ok).toBe(true);
  });

  it('has a renewal list and a staffing pool with history', async () => {
    expect((await ledger.invoke('posts.expiring', { asOf: '2026-11-01' }, SYS)).length).toBeGreaterThan(0);
    const pool = await ledger.invoke('posts.pool.get', {}, SYS);
    expect([pool.size, pool.allocated, pool.byUnit.map((u) => u.unitCode)]).toEqual([30, 5, ['QH102']]);
  });

  it('is deterministic for a seed', async () => {
    const snap = async (seed: number) => {
      const l = await fresh();
      await buildDemo(l, { seed, assets: false, staff: { scale: 0.05 } });
      return {
        staff: l.db.prepare('SELECT staff_no, name, id_number, staffing_type, working_unit_id = employing_unit_id FROM staff ORDER BY staff_no').raw().all(),
        posts: l.db.prepare('SELECT s.staff_no, a.category, a.grade, a.term_start FROM appointments a JOIN staff s ON s.id = a.staff_id ORDER BY 1, 2').raw().all(),
      };
    };
    const a = await snap(5);
    expect(await snap(5)).toEqual(a);
    expect((await snap(6)).staff).not.toEqual(a.staff);
  }, 600_000);
});
