import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { idCheckChar } from '../../shared/domain/posts';
import { auditCount, fails, freshLedger, ok, seedOrg, tableCount, userSession, type Fixture } from './helpers';

/** A valid identity number for a birth date and sequence (odd = 男). */
function idNo(birth: string, seq: number, area = '320106'): string {
  const body = `${area}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

/** The same number with a wrong check character. */
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

const person = (staffNo: string, name: string, unit: string, extra: Partial<ArgsIn<'staff.batch'>['ops'][number] & { row: object }>['row'] = {}) => ({
  op: 'insert' as const,
  row: { staffNo, name, staffingType: '在编', employingUnitCode: unit, ...extra },
});

/** T01 with a scheme: 编制 20, 18 posts (管理 1, 专业技术 15, 工勤 2): senior cap 15 × 15% = 2.25 → 2, intermediate 15 × 30% = 4.5 → 4. */
async function township(f: Fixture) {
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'posts.quotas.save', {
    rows: [
      { unitCode: 'T01', staffing: 20, totalPosts: 18, mgmtPosts: 1, proPosts: 15, workerPosts: 2 },
      { unitCode: 'L01', staffing: 100, totalPosts: 100, mgmtPosts: 10, proPosts: 85, workerPosts: 5 },
    ],
  });
  const ops = [
    person('T001', '王芳', 'T01', { idNumber: idNo('1980-05-12', 22), sex: '女' }),
    person('T002', '李强', 'T01', { idNumber: idNo('1975-11-03', 31) }),
    person('T003', '赵敏', 'T01'),
    person('T004', '刘洋', 'T01'),
    person('L001', '陈杰', 'L01', { workingUnitCode: 'T01', title: '副主任医师' }), // 县管乡用
    person('T005', '周静', 'T01', { workingUnitCode: 'V01', staffingType: '备案制' }), // 乡聘村用
  ];
  await ok(f.ledger, f.admin, 'staff.batch', { ops });
}

const appoint = (staffNo: string, grade: number | string | null, extra: Record<string, unknown> = {}) => ({
  staffNo,
  unitCode: 'T01',
  category: '专业技术',
  grade,
  termStart: '2026-01-01',
  termEnd: '2028-12-31',
  ...extra,
});

describe('staff register', () => {
  it('validates identity numbers, fills sex and birth date from them, and cross-checks', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const good = idNo('1990-03-07', 123);
    const r = await ok(f.ledger, f.admin, 'staff.batch', { ops: [person('A1', '张伟', 'L01', { idNumber: good.toLowerCase() })] });
    expect(r.rows[0]).toMatchObject({ staffNo: 'A1', idNumber: good, sex: '男', birthDate: '1990-03-07', arrangement: null, idMasked: false });

    const e = await fails(
      f.ledger,
      f.admin,
      'staff.batch',
      {
        ops: [
          person('A2', '李娜', 'L01', { idNumber: `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}` }),
          person('A3', '王敏', 'L01', { idNumber: idNo('1985-01-01', 2), sex: '男', birthDate: '1985.01.02' }),
          person('A4', '赵磊', 'L01', { idNumber: good }),
          person('A1', '重复', 'L01'),
        ],
      },
      'VALIDATION',
    );
    // the checksum is refused by the schema (row 1) before the engine sees the rest
    expect(e.details!.map((d) => [d.row, d.field])).toEqual([[1, 'idNumber']]);
    const e2 = await fails(
      f.ledger,
      f.admin,
      'staff.batch',
      { ops: [person('A3', '王敏', 'L01', { idNumber: idNo('1985-01-01', 2), sex: '男', birthDate: '1985.01.02' }), person('A4', '赵磊', 'L01', { idNumber: good }), person('A1', '重复', 'L01')] },
      'VALIDATION',
    );
    expect(e2.details!.map((d) => [d.row, d.field])).toEqual([
      [1, 'birthDate'],
      [1, 'sex'],
      [2, 'idNumber'],
      [3, 'staffNo'],
    ]);
    expect(tableCount(f.ledger, 'staff')).toBe(1);
  });

  it('masks identity numbers for roles without staff.pii and scopes unit operators to their unit', async () => {
    const f = await freshLedger();
    await township(f);
    const hr = await userSession(f, 'hr1', 'hr');
    const auditor = await userSession(f, 'aud', 'auditor');
    const op = await userSession(f, 'op_t02', 'unit_operator', 'T02');
    const opT01 = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    const full = (await ok(f.ledger, hr, 'staff.list', {})).find((s) => s.staffNo === 'T001')!;
    expect(full.idNumber).toBe(idNo('1980-05-12', 22));
    const masked = (await ok(f.ledger, auditor, 'staff.list', {})).find((s) => s.staffNo === 'T001')!;
    expect(masked.idNumber).toBe(`320106********${idNo('1980-05-12', 22).slice(-4)}`);
    expect(masked.idMasked).toBe(true);
    expect(await ok(f.ledger, op, 'staff.list', {})).toEqual([]);
    // T01's operator sees T01's people and the county-managed doctor working there (not L01's other staff).
    expect((await ok(f.ledger, opT01, 'staff.list', {})).map((s) => s.staffNo)).toEqual(['L001', 'T001', 'T002', 'T003', 'T004', 'T005']);
    await fails(f.ledger, op, 'staff.get', { staffNo: 'T001' }, 'NOT_FOUND');
    await fails(f.ledger, opT01, 'staff.batch', { ops: [person('X1', '某', 'T01')] }, 'FORBIDDEN');
    const rows = await ok(f.ledger, hr, 'staff.list', {});
    expect(rows.find((s) => s.staffNo === 'L001')).toMatchObject({ employingUnitCode: 'L01', workingUnitCode: 'T01', arrangement: '县管乡用' });
    expect(rows.find((s) => s.staffNo === 'T005')).toMatchObject({ employingUnitCode: 'T01', workingUnitCode: 'V01', arrangement: '乡聘村用', staffingType: '备案制' });
  });

  it('imports a GB18030 csv with title rows and messy values, reporting every bad row; nothing written by default', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const csv = [
      '城关镇卫生院职工花名册,,,,,,',
      '工号,姓名,身份证号码,性别,出生年月,人员性质,所属单位,工作单位',
      `T101,孙丽,${idNo('1988-02-29', 42)},女,1988年2月29日,编制内,城关镇卫生院,`,
      `T102,钱进,${idNo('1979-12-01', 11)},男,1979.12.01,合同,T01,东村卫生室`,
      `T103,吴刚,${badCheck(idNo('1979-12-01', 11, '320107'))},男,,在编,T01,`,
      `T104,郑红,${idNo('1990-01-01', 12)},男,,在编,T01,`,
      'T105,冯军,,,,临时工,T01,',
      'T106,陈晨,,,,在编,XX99,',
      '合计,,,,,,,',
    ].join('\r\n');
    const upload = { fileName: '花名册.csv', base64: iconv.encode(csv, 'gb18030').toString('base64') };
    const before = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'staff.import', upload);
    expect(r.imported).toBe(0);
    expect(r.rejected.map((d) => [d.row, d.column])).toEqual([
      [5, '身份证号码'],
      [6, '性别'],
      [7, '人员性质'],
      [8, '所属单位'],
    ]);
    expect(r.rejected[1]!.message).toContain('与身份证号（女）不一致');
    expect(r.rejected[0]!.message).toMatch(/校验位错误（应为 [0-9X]）/);
    expect(tableCount(f.ledger, 'staff')).toBe(0);
    expect(auditCount(f.ledger)).toBe(before);

    const skip = await ok(f.ledger, f.admin, 'staff.import', { ...upload, skipInvalid: true });
    expect(skip.imported).toBe(2);
    const list = await ok(f.ledger, f.admin, 'staff.list', {});
    expect(list.map((s) => [s.staffNo, s.staffingType, s.employingUnitCode, s.workingUnitCode, s.birthDate])).toEqual([
      ['T101', '在编', 'T01', 'T01', '1988-02-29'],
      ['T102', '合同制', 'T01', 'V01', '1979-12-01'],
    ]);
  });

  it('imports an .xlsx and exports a sheet that imports back unchanged', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['工号', '姓名', '身份证号', '性别', '出生日期', '学历', '职称', '执业资格', '人员类别', '聘用单位编码', '工作单位编码']);
    ws.addRow(['L101', '何平', idNo('1970-07-07', 71), '男', new Date(Date.UTC(1970, 6, 7)), '本科', '主任医师', '执业医师', '在编', 'L01', 'T02']);
    ws.addRow(['L102', '高洁', idNo('1992-10-10', 82), '女', '', '硕士', '主治医师', '执业医师', '在编', 'L01', '']);
    const upload = { fileName: 'staff.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
    expect((await ok(f.ledger, f.admin, 'staff.import', upload)).imported).toBe(2);
    const exported = await ok(f.ledger, f.admin, 'staff.export', {});
    const before = await ok(f.ledger, f.admin, 'staff.list', {});
    const again = await ok(f.ledger, f.admin, 'staff.import', { fileName: 'back.xlsx', base64: exported.base64 });
    expect(again.rejected).toEqual([]);
    expect(await ok(f.ledger, f.admin, 'staff.list', {})).toEqual(before);
  });
});

describe('quotas and the staffing pool', () => {
  it('refuses more posts than staffing until the pool lends some; keeps the pool history', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const e = await fails(f.ledger, f.admin, 'posts.quotas.save', { rows: [{ unitCode: 'T02', staffing: 10, totalPosts: 12, proPosts: 10, mgmtPosts: 1, workerPosts: 2 }] }, 'VALIDATION');
    expect(e.details!.map((d) => d.field)).toEqual(['totalPosts', 'proPosts']);
    await fails(f.ledger, f.admin, 'posts.pool.move', { kind: 'allocate', unitCode: 'T02', amount: 2, date: '2026-01-05' }, 'CAP_EXCEEDED');
    await ok(f.ledger, f.admin, 'posts.pool.move', { kind: 'deposit', amount: 5, date: '2026-01-01', docNo: '编办〔2026〕1号' });
    const pool = await ok(f.ledger, f.admin, 'posts.pool.move', { kind: 'allocate', unitCode: 'T02', amount: 2, date: '2026-01-05', reason: '新增儿科' });
    expect([pool.size, pool.allocated, pool.available]).toEqual([5, 2, 3]);
    const [row] = (await ok(f.ledger, f.admin, 'posts.quotas.save', { rows: [{ unitCode: 'T02', staffing: 10, totalPosts: 12, proPosts: 10, mgmtPosts: 1, workerPosts: 1 }] })).rows;
    expect(row).toMatchObject({ staffing: 10, poolAllocated: 2, effectiveStaffing: 12, totalPosts: 12, ratioSet: 'TOWNSHIP' });
    // recalling would leave 岗位总量 above 编制
    await fails(f.ledger, f.admin, 'posts.pool.move', { kind: 'recall', unitCode: 'T02', amount: 1, date: '2026-06-01' }, 'VALIDATION');
    expect((await ok(f.ledger, f.admin, 'posts.pool.get', {})).history.map((h) => [h.kind, h.unitCode, h.amount])).toEqual([
      ['deposit', null, 5],
      ['allocate', 'T02', 2],
    ]);
  });

  it('exports the scheme as one sheet and imports it back; a bad sheet is reported by row and column', async () => {
    const f = await freshLedger();
    await township(f);
    const sheet = await ok(f.ledger, f.admin, 'posts.quotas.export', {});
    const before = await ok(f.ledger, f.admin, 'posts.quotas.list', {});
    const r = await ok(f.ledger, f.admin, 'posts.quotas.import', { fileName: 'q.xlsx', base64: sheet.base64 });
    expect(r.rejected).toEqual([]);
    expect((await ok(f.ledger, f.admin, 'posts.quotas.list', {})).map((q) => ({ ...q, version: null }))).toEqual(before.map((q) => ({ ...q, version: null })));

    const csv = ['单位名称,编制数,岗位总量,管理岗位,专业技术岗位,工勤技能岗位,副高', '河口镇卫生院,30,28,3,24,1,', 'C01,40,45,4,36,5,', 'T01,二十,18,2,14,2,', 'L01,100,100,10,85,5,90'].join('\n');
    const bad = await ok(f.ledger, f.admin, 'posts.quotas.import', { fileName: 'q.csv', base64: Buffer.from(csv).toString('base64') });
    expect(bad.rejected.map((d) => [d.row, d.column])).toEqual([
      [3, '岗位总量'],
      [4, '编制数'],
      [5, '副高'],
    ]);
    expect((await ok(f.ledger, f.admin, 'posts.quotas.list', { unitCode: 'T02' }))[0]!.version).toBeNull();
  });
});

describe('appointments', () => {
  it('refuses the appointment past the senior cap with rule, current and limit; HR overrides with a reason, audited and listed', async () => {
    const f = await freshLedger();
    await township(f);
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T001', 7));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T002', '七级'));
    const check = await ok(f.ledger, f.admin, 'posts.check', { staffNo: 'T003', unitCode: 'T01', category: '专业技术', grade: 7 });
    expect(check).toMatchObject({ ok: false, breaches: [{ rule: 'senior', current: 2, limit: 2 }] });

    const e = await fails(f.ledger, f.admin, 'posts.appoint', appoint('T003', 7), 'CAP_EXCEEDED');
    expect(e.params).toMatchObject({ rule: 'senior', current: 2, limit: 2 });
    expect(e.details!.map((d) => [d.field, d.current, d.limit])).toEqual([['senior', 2, 2]]);
    expect(e.message).toContain('现有 2，限额 2');

    const hr = await userSession(f, 'hr1', 'hr');
    const auditor = await userSession(f, 'aud', 'auditor');
    const opT01 = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    await fails(f.ledger, auditor, 'posts.appoint', { ...appoint('T003', 7), override: '人才引进' }, 'FORBIDDEN');
    await fails(f.ledger, opT01, 'posts.appoint', { ...appoint('T003', 7), override: '人才引进' }, 'FORBIDDEN');
    const before = auditCount(f.ledger);
    const made = await ok(f.ledger, hr, 'posts.appoint', { ...appoint('T003', 7), override: '连续在乡镇卫生院工作满15年，定向评价定向使用' });
    expect(made.overriddenBreaches).toEqual([{ rule: 'senior', label: expect.stringContaining('15%'), current: 2, limit: 2 }]);
    expect(auditCount(f.ledger)).toBe(before + 1);
    const audit = f.ledger.db.prepare('SELECT actor, summary FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { actor: string; summary: string };
    expect(audit).toEqual({ actor: 'hr1', summary: expect.stringContaining('突破限额：连续在乡镇卫生院工作满15年') });
    const overrides = await ok(f.ledger, auditor, 'posts.overrides', {});
    expect(overrides.map((o) => [o.staffNo, o.createdBy, o.overrideReason])).toEqual([['T003', 'hr1', '连续在乡镇卫生院工作满15年，定向评价定向使用']]);
    const s = await ok(f.ledger, f.admin, 'posts.structure', { unitCode: 'T01' });
    expect(s.units[0]!.breaches.map((b) => [b.rule, b.current, b.limit])).toEqual([['senior', 3, 2]]);
  });

  it('counts a 双肩挑 person once against the total; a promotion ends the old post, which is never overwritten', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'posts.quotas.save', { rows: [{ unitCode: 'T02', staffing: 2, totalPosts: 2, mgmtPosts: 1, proPosts: 1, workerPosts: 0 }] });
    await ok(f.ledger, f.admin, 'staff.batch', { ops: [person('P1', '院长甲', 'T02'), person('P2', '医生乙', 'T02'), person('P3', '医生丙', 'T02')] });
    await ok(f.ledger, f.admin, 'posts.appoint', { ...appoint('P1', 7, { unitCode: 'T02', category: '管理' }) });
    // P1 also holds a professional post (双肩挑): total stays 1 person
    await ok(f.ledger, f.admin, 'posts.appoint', { ...appoint('P1', 13, { unitCode: 'T02' }) });
    const s = await ok(f.ledger, f.admin, 'posts.structure', { unitCode: 'T02' });
    expect(s.units[0]!.filled.total).toBe(1);
    expect(s.units[0]!.filled.categories).toEqual({ 管理: 1, 专业技术: 1, 工勤: 0 });
    // the professional category (1 post) is full for P2, but P1's promotion within it is allowed and ends 12级
    const e = await fails(f.ledger, f.admin, 'posts.appoint', appoint('P2', 13, { unitCode: 'T02' }), 'CAP_EXCEEDED');
    expect(e.details!.map((d) => [d.field, d.current, d.limit])).toEqual([['category:专业技术', 1, 1]]);
    const promo = await ok(f.ledger, f.admin, 'posts.appoint', appoint('P1', 12, { unitCode: 'T02', termStart: '2027-01-01' }));
    expect(promo.ended).toHaveLength(1);
    const detail = await ok(f.ledger, f.admin, 'staff.get', { staffNo: 'P1' });
    expect(detail.appointments.map((a) => [a.category, a.grade, a.endedOn])).toEqual([
      ['管理', 7, null],
      ['专业技术', 13, '2026-12-31'],
      ['专业技术', 12, null],
    ]);
    expect(detail.current.map((c) => c.gradeLabel)).toEqual(['七级职员', '专业技术十二级']);
    await fails(f.ledger, f.admin, 'posts.end', { id: promo.ended[0], date: '2027-02-01', reason: '改' }, 'CONFLICT');
    expect(() => f.ledger.db.prepare('UPDATE appointments SET grade = 10 WHERE id = ?').run(promo.id)).toThrow(/only be ended/);
    const ended = await ok(f.ledger, f.admin, 'posts.end', { id: promo.id, date: '2027-06-30', reason: '调出' });
    expect([ended.endedOn, ended.endReason, ended.grade]).toEqual(['2027-06-30', '调出', 12]);
  });

  it('lists terms expiring within 90 days and the county-managed roster', async () => {
    const f = await freshLedger();
    await township(f);
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T003', 10, { termEnd: '2026-03-31' }));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T004', 12, { termEnd: '2026-05-01' }));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('L001', 5, { unitCode: 'L01' }));
    const exp = await ok(f.ledger, f.admin, 'posts.expiring', { asOf: '2026-02-01' });
    expect(exp.map((r) => [r.staffNo, r.daysLeft])).toEqual([
      ['T003', 58],
      ['T004', 89],
    ]);
    expect((await ok(f.ledger, f.admin, 'posts.expiring', { asOf: '2026-01-30' })).map((r) => r.staffNo)).toEqual(['T003']); // 05-01 is 91 days on
    const roster = await ok(f.ledger, f.admin, 'posts.secondments', { arrangement: '县管乡用' });
    expect(roster.map((r) => [r.staffNo, r.employingUnitCode, r.workingUnitCode, r.current.map((c) => c.gradeLabel)])).toEqual([['L001', 'L01', 'T01', ['专业技术五级']]]);
  });
});

describe('competition rounds', () => {
  it('ranks applicants and turns the winners into appointments in one step, refusing all when one breaks a cap', async () => {
    const f = await freshLedger();
    await township(f);
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T001', 7));
    const round = await ok(f.ledger, f.admin, 'posts.rounds.create', {
      name: '2026年副高级岗位竞聘',
      unitCode: 'T01',
      heldOn: '2026-03-10',
      offers: [
        { category: '专业技术', grade: 7, postName: '副主任医师', places: 1 },
        { category: '工勤', grade: '普通工', places: 1 },
      ],
    });
    expect(round.roundNo).toBe('JP2026-001');
    const scored = await ok(f.ledger, f.admin, 'posts.rounds.score', {
      roundNo: round.roundNo,
      entries: [
        { offer: 1, staffNo: 'T002', score: 86.5 },
        { offer: 1, staffNo: 'T003', score: 91 },
        { offer: 1, staffNo: 'T004', score: 86.5 },
        { offer: 2, staffNo: 'T005', score: 70 },
      ],
    });
    expect(scored.offers[0]!.applicants.map((a) => [a.staffNo, a.score, a.rank, a.wins])).toEqual([
      ['T003', 91, 1, true],
      ['T002', 86.5, 2, false],
      ['T004', 86.5, 2, false],
    ]);
    const done = await ok(f.ledger, f.admin, 'posts.rounds.finalise', { roundNo: round.roundNo, termStart: '2026-04-01', termEnd: '2029-03-31', filingNo: '备2026-18' });
    expect(done.appointments.map((a) => [a.staffNo, a.basis, a.roundNo, a.score, a.rank, a.gradeLabel])).toEqual([
      ['T003', '竞聘', 'JP2026-001', 91, 1, '专业技术七级'],
      ['T005', '竞聘', 'JP2026-001', 70, 1, '普通工'],
    ]);
    expect(done.round.status).toBe('finalised');

    // senior cap 2 is now full: a second round offering a senior post is refused whole
    const r2 = await ok(f.ledger, f.admin, 'posts.rounds.create', {
      name: '补充竞聘',
      unitCode: 'T01',
      heldOn: '2026-05-10',
      offers: [
        { category: '专业技术', grade: 11, places: 1 },
        { category: '专业技术', grade: 6, places: 1 },
      ],
    });
    await ok(f.ledger, f.admin, 'posts.rounds.score', { roundNo: r2.roundNo, entries: [{ offer: 1, staffNo: 'T004', score: 80 }, { offer: 2, staffNo: 'T002', score: 88 }] });
    const count = tableCount(f.ledger, 'appointments');
    const e = await fails(f.ledger, f.admin, 'posts.rounds.finalise', { roundNo: r2.roundNo, termStart: '2026-06-01' }, 'CAP_EXCEEDED');
    expect(e.details!.map((d) => [d.id, d.field, d.current, d.limit])).toEqual([
      ['T002', 'senior', 2, 2],
      ['T002', 'g6', 0, 0],
    ]);
    expect(tableCount(f.ledger, 'appointments')).toBe(count);
    expect((await ok(f.ledger, f.admin, 'posts.rounds.get', { roundNo: r2.roundNo })).status).toBe('open');
  });

  it('refuses to settle a tie across the cut-off; once HR re-scores, the round is finalised', async () => {
    const f = await freshLedger();
    await township(f);
    const round = await ok(f.ledger, f.admin, 'posts.rounds.create', { name: '中级岗位竞聘', unitCode: 'T01', heldOn: '2026-03-10', offers: [{ category: '专业技术', grade: 9, postName: '主治医师', places: 1 }] });
    await ok(f.ledger, f.admin, 'posts.rounds.score', { roundNo: round.roundNo, entries: [{ offer: 1, staffNo: 'T002', score: 85 }, { offer: 1, staffNo: 'T004', score: 85 }, { offer: 1, staffNo: 'T005', score: 60 }] });
    const count = tableCount(f.ledger, 'appointments');
    const e = await fails(f.ledger, f.admin, 'posts.rounds.finalise', { roundNo: round.roundNo, termStart: '2026-04-01' }, 'CONFLICT');
    expect(e.key).toBe('error.roundTie');
    expect(e.details![0]!.message).toContain('T002');
    expect(e.details![0]!.message).toContain('T004');
    expect(tableCount(f.ledger, 'appointments')).toBe(count);
    await ok(f.ledger, f.admin, 'posts.rounds.score', { roundNo: round.roundNo, entries: [{ offer: 1, staffNo: 'T004', score: 85.5 }] });
    const done = await ok(f.ledger, f.admin, 'posts.rounds.finalise', { roundNo: round.roundNo, termStart: '2026-04-01' });
    expect(done.appointments.map((a) => a.staffNo)).toEqual(['T004']);
  });
});

describe('structure report', () => {
  it('gives approved, filled and vacant by category and band, matching hand counts', async () => {
    const f = await freshLedger();
    await township(f);
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T001', 7));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T002', 9));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T003', 12));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T004', 8, { category: '管理' }));
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('T005', null, { category: '工勤' }));
    const r = await ok(f.ledger, f.admin, 'posts.structure', {});
    const t01 = r.units.find((u) => u.unitCode === 'T01')!;
    // 15 professional posts: senior 15 × 15% = 2.25 → 2; intermediate 15 × 30% = 4.5 → 4
    expect(t01.approved).toMatchObject({ total: 18, categories: { 管理: 1, 专业技术: 15, 工勤: 2 } });
    expect([t01.approved.bands.正高, t01.approved.bands.副高, t01.approved.bands.中级, t01.approved.bands.初级]).toEqual([2, 2, 4, null]);
    expect(t01.filled).toMatchObject({ total: 5, categories: { 管理: 1, 专业技术: 3, 工勤: 1 }, bands: { 副高: 1, 中级: 1, 初级: 1, 普通工: 1, 管理七至八级: 1 } });
    expect(t01.vacant).toMatchObject({ total: 13, categories: { 管理: 0, 专业技术: 12, 工勤: 1 }, bands: { 正高: 2, 副高: 1, 中级: 3, 初级: null } });
    expect(t01.caps.find((c) => c.rule === 'senior')).toMatchObject({ limit: 2, filled: 1 });
    expect(t01.breaches).toEqual([]);
    expect(r.units.map((u) => u.unitCode)).toEqual(['L01', 'T01']);
    expect(r.community).toMatchObject({ units: 2, unitsWithBreaches: 0, approved: { total: 118 }, filled: { total: 5 } });
    const chart = await ok(f.ledger, f.admin, 'posts.chart', {});
    expect(chart.find((c) => c.unitType === '乡镇卫生院')!.bands.find((b) => b.band === '副高')).toEqual({ band: '副高', category: '专业技术', approved: 2, filled: 1 });
  });
});

describe('undo of a staff batch', () => {
  it('takes back the last batch of edits, and refuses once the person was appointed', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'posts.quotas.save', { rows: [{ unitCode: 'T01', staffing: 5, totalPosts: 5, proPosts: 5 }] });
    const first = await ok(f.ledger, f.admin, 'staff.batch', { ops: [person('U1', '甲', 'T01'), person('U2', '乙', 'T01')] });
    const row = first.rows.find((r) => r.staffNo === 'U1')!;
    const edit = await ok(f.ledger, f.admin, 'staff.batch', { ops: [{ op: 'update', id: row.id, version: row.version, changes: { name: '甲改', title: '医师' } }] });
    await ok(f.ledger, f.admin, 'batch.undo', { batchId: edit.batchId });
    expect((await ok(f.ledger, f.admin, 'staff.get', { staffNo: 'U1' })).name).toBe('甲');
    await ok(f.ledger, f.admin, 'posts.appoint', appoint('U2', 12));
    await fails(f.ledger, f.admin, 'batch.undo', { batchId: first.batchId }, 'CONFLICT');
    expect(tableCount(f.ledger, 'staff')).toBe(2);
  });
});

describe('ratio sets', () => {
  it('HR saves a set with its own rounding and ratios; a unit that chooses it is checked against it', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const sets = await ok(f.ledger, f.admin, 'posts.ratioSets.list', {});
    expect(sets.map((s) => [s.code, s.builtin])).toEqual([
      ['COUNTY', true],
      ['TOWNSHIP', true],
    ]);
    const township = sets.find((s) => s.code === 'TOWNSHIP')!;
    await ok(f.ledger, f.admin, 'posts.ratioSets.save', { code: 'TOWN-R', name: '四舍五入方案', unitTypes: [], rounding: 'round', rules: township.rules });
    await fails(f.ledger, f.admin, 'posts.ratioSets.save', { code: 'BAD', name: '坏', rules: [{ id: 'x', label: 'x', kind: 'max', posts: { category: '专业技术' }, of: { category: '专业技术', grades: [1] }, bp: 100 }] }, 'VALIDATION');
    // 17 professional posts: 17 × 15% = 2.55 → floor 2 (T02, default set), round 3 (T01, TOWN-R)
    await ok(f.ledger, f.admin, 'posts.quotas.save', {
      rows: [
        { unitCode: 'T01', ratioSet: 'town-r', staffing: 20, totalPosts: 20, mgmtPosts: 1, proPosts: 17, workerPosts: 2 },
        { unitCode: 'T02', staffing: 20, totalPosts: 20, mgmtPosts: 1, proPosts: 17, workerPosts: 2 },
      ],
    });
    await fails(f.ledger, f.admin, 'posts.quotas.save', { rows: [{ unitCode: 'T02', ratioSet: 'NOPE', staffing: 20, totalPosts: 20, proPosts: 17 }] }, 'VALIDATION');
    const s = await ok(f.ledger, f.admin, 'posts.structure', {});
    const senior = (code: string) => s.units.find((u) => u.unitCode === code)!.caps.find((c) => c.rule === 'senior')!.limit;
    expect([senior('T01'), senior('T02')]).toEqual([3, 2]);
    expect(s.units.find((u) => u.unitCode === 'T01')!.ratioSet).toBe('TOWN-R');
  });
});
