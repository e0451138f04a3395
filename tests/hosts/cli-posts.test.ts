import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/engine/ledger';
import { idCheckChar } from '../../shared/domain/posts';

// The CLI of issue #5: `staff import|list`, `posts quotas export|import`, `appoint`, `posts structure`.
// One JSON document on stdout with --json; a refused appointment exits non-zero naming the rule.
// Each test spawns the CLI several times (a few seconds each on a busy machine), hence the timeouts.

const CLI = path.resolve('db/hosts/cli/main.ts');
let dir: string;
let db: string;

function ledger(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]) {
  const r = ledger([...args, '--json']);
  return { ...r, doc: r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
}

const idNo = (birth: string, seq: number) => {
  const body = `320106${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return body + idCheckChar(body);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-cli-posts-'));
  db = path.join(dir, 'posts.ledger');
  const l = openLedger(db, { create: true });
  await l.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
  await l.invoke(
    'units.batch',
    {
      ops: [
        { op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } },
        { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
      ],
    },
    { system: { actor: 'test' } },
  );
  l.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ledger staff / posts / appoint', () => {
  it('imports staff (all-or-nothing, then --skip-invalid) and lists them with both units', () => {
    const csv = [
      '工号,姓名,身份证号,性别,人员类别,聘用单位,工作单位',
      `T001,王芳,${idNo('1980-05-12', 22)},女,在编,T01,`,
      `T002,李强,${idNo('1975-11-03', 31)},男,在编,城关镇卫生院,`,
      `T003,赵敏,${idNo('1986-04-01', 42)},女,在编,T01,`,
      `L001,陈杰,${idNo('1978-08-08', 11)},男,在编,L01,T01`,
      `T009,坏行,${idNo('1990-01-01', 12).slice(0, 17)}${idNo('1990-01-01', 12)[17] === '1' ? '2' : '1'},男,在编,T01,`,
    ].join('\n');
    const file = path.join(dir, '花名册.csv');
    fs.writeFileSync(file, iconv.encode(csv, 'gb18030'));
    const refused = json(['staff', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.doc.imported).toBe(0);
    expect(refused.doc.rejected).toEqual([{ row: 6, column: '身份证号', field: 'idNumber', message: expect.stringContaining('身份证号') }]);
    const done = json(['staff', 'import', file, '--skip-invalid']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.doc.imported).toBe(4);
    const list = json(['staff', 'list', '--unit', 'T01']);
    expect(list.doc.map((s: { staffNo: string; employingUnitCode: string; workingUnitCode: string; arrangement: string | null }) => [s.staffNo, s.employingUnitCode, s.workingUnitCode, s.arrangement])).toEqual([
      ['L001', 'L01', 'T01', '县管乡用'],
      ['T001', 'T01', 'T01', null],
      ['T002', 'T01', 'T01', null],
      ['T003', 'T01', 'T01', null],
    ]);
  }, 240_000);

  it('imports quotas from a sheet, exports them, refuses an appointment past the cap and overrides it', () => {
    const file = path.join(dir, '岗位设置.csv');
    fs.writeFileSync(file, ['单位编码,单位名称,编制数,岗位总量,管理岗位,专业技术岗位,工勤技能岗位', 'T01,城关镇卫生院,20,18,1,15,2', 'L01,县人民医院,100,100,10,85,5'].join('\n'));
    const imp = json(['posts', 'quotas', 'import', file]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.doc.imported).toBe(2);
    const out = path.join(dir, 'export.xlsx');
    const exp = json(['posts', 'quotas', 'export', out]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);

    // senior cap: 15 × 15% = 2.25 → 2
    expect(json(['appoint', '--staff', 'T001', '--unit', 'T01', '--category', '专业技术', '--grade', '7', '--from', '2026-01-01', '--to', '2028-12-31']).code).toBe(0);
    expect(json(['appoint', '--staff', 'T002', '--unit', 'T01', '--category', '专业技术', '--grade', '7', '--from', '2026-01-01']).code).toBe(0);
    const refused = json(['appoint', '--staff', 'T003', '--unit', 'T01', '--category', '专业技术', '--grade', '7', '--from', '2026-01-01']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const err = JSON.parse(refused.stderr).error;
    expect(err).toMatchObject({ code: 'CAP_EXCEEDED', params: { rule: 'senior', current: 2, limit: 2 } });
    const text = ledger(['appoint', '--staff', 'T003', '--unit', 'T01', '--category', '专业技术', '--grade', '7', '--from', '2026-01-01']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('现有 2，限额 2');

    const forced = json(['appoint', '--staff', 'T003', '--unit', 'T01', '--category', '专业技术', '--grade', '7', '--from', '2026-01-01', '--override', '定向评价定向使用']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.doc).toMatchObject({ staffNo: 'T003', overrideReason: '定向评价定向使用', overriddenBreaches: [{ rule: 'senior', current: 2, limit: 2 }] });
  }, 480_000);

  it('reports the structure per unit as one JSON document', () => {
    const r = json(['posts', 'structure', '--unit', 'T01']);
    expect(r.code, r.stderr).toBe(0);
    const [t01] = r.doc.units;
    expect(t01).toMatchObject({
      unitCode: 'T01',
      approved: { total: 18, categories: { 专业技术: 15 }, bands: { 副高: 2 } },
      filled: { total: 3, categories: { 专业技术: 3 }, bands: { 副高: 3 } },
      vacant: { total: 15, bands: { 副高: 0 } },
      breaches: [{ rule: 'senior', current: 3, limit: 2 }],
    });
    const help = ledger(['appoint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--override');
  }, 240_000);
});
