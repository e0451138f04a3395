import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/engine/ledger';

// The count and 账账核对 commands of the CLI, as issue #4 specifies them: one JSON document with --json.

const CLI = path.resolve('db/hosts/cli/main.ts');
let dir: string;
let db: string;

function ledger(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(args: string[]) {
  const r = ledger([...args, '--json']);
  return { ...r, doc: (r.stdout.trim() ? JSON.parse(r.stdout) : undefined) as T };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-cli-count-'));
  db = path.join(dir, 'c.ledger');
  const l = openLedger(db, { create: true });
  const sys = { system: { actor: 'test' } };
  await l.invoke('setup.createAdmin', { communityName: '测试', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
  await l.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: null } }] }, sys);
  const card = (code: string, location: string, userName: string) => ({ code, name: '台式计算机', classCode: 'A02010105', bookedOn: '2026-01-10', voucherNo: 'V1', costFen: 600000, lifeMonths: 72, unitCode: 'T01', location, userName });
  await l.invoke('assets.create', { cards: [card('A1', '药房', '张伟'), card('A2', '药房', '李娜'), card('A3', '诊室', '王强'), card('A4', '诊室', '赵敏')] }, sys);
  l.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ledger count / gl / reconcile gl', () => {
  it('create, scan, export, import, reconcile', async () => {
    const created = json<{ id: string; no: string; expected: number }>(['count', 'create', '--unit', 'T01', '--name', '年度清查', '--date', '2026-03-31']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.doc.expected).toBe(4);
    expect(typeof created.doc.id).toBe('string');
    const id = created.doc.id;

    const scan = json<{ outcomes: { code: string; kind: string }[] }>(['count', 'scan', id, 'A1', 'A1', 'ZZ9']);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.doc.outcomes.map((o) => o.kind)).toEqual(['expected', 'duplicate', 'unknown']);

    const file = path.join(dir, '清单.xlsx');
    const exp = json<{ file: string }>(['count', 'export', id, file]);
    expect(exp.code, exp.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const codes: string[] = [];
    wb.worksheets[0]!.eachRow((row) => {
      const v = row.getCell(2).value;
      if (typeof v === 'string' && /^A\d$/.test(v)) codes.push(v);
    });
    expect(codes).toEqual(['A1', 'A2', 'A3', 'A4']); // sorted by location (药房, 诊室), then number

    // A filled checklist saved by Chinese Excel as CSV (GB18030).
    const csv = ['序号,资产编号,资产名称,账面存放地点,账面使用人,盘点结果,实际存放地点,实际使用人,备注', '1,A2,台式计算机,药房,李娜,√,诊室,,', '2,A3,台式计算机,诊室,王强,无,,,', '3,A4,台式计算机,诊室,赵敏,是,,孙丽,', '4,,血压计,,,盘盈,药房,,捐赠'].join('\r\n');
    const csvFile = path.join(dir, '清单.csv');
    fs.writeFileSync(csvFile, iconv.encode(csv, 'gb18030'));
    const imp = json<{ imported: number; found: number; missing: number; surplus: number }>(['count', 'import', id, csvFile]);
    expect(imp.code, imp.stderr).toBe(0);
    expect([imp.doc.found, imp.doc.missing, imp.doc.surplus]).toEqual([2, 1, 1]);

    const rec = json<Record<string, number>>(['count', 'reconcile', id]);
    expect(rec.code, rec.stderr).toBe(0);
    // A1 matched; A2 location differs; A3 shortage; A4 user differs; surplus: ZZ9 (scanned) + 血压计.
    expect({ matched: rec.doc.matched, shortage: rec.doc.shortage, surplus: rec.doc.surplus, locationDiffers: rec.doc.locationDiffers, userDiffers: rec.doc.userDiffers, statusDiffers: rec.doc.statusDiffers }).toEqual({
      matched: 1,
      shortage: 1,
      surplus: 2,
      locationDiffers: 1,
      userDiffers: 1,
      statusDiffers: 0,
    });
    expect(rec.doc).toHaveProperty('shortages');
    expect(rec.doc).toHaveProperty('surplusItems');
  }, 120_000);

  it('gl import and reconcile gl per unit and account', () => {
    const tb = path.join(dir, '余额表.csv');
    fs.writeFileSync(tb, iconv.encode(['科目余额表', '编制单位：城关镇卫生院,,', '科目编码,科目名称,期末余额', '1601,固定资产,"24,000.00"', '1602,固定资产累计折旧,0'].join('\r\n'), 'gb18030'));
    const imp = json<{ imported: number }>(['gl', 'import', tb, '--period', '2026-03']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.doc.imported).toBe(2);
    const r = json<{ rows: { unitCode: string; account: string; cardFen: number; ledgerFen: number; differenceFen: number }[] }>(['reconcile', 'gl', '--period', '2026-03']);
    expect(r.code, r.stderr).toBe(0);
    const row = r.doc.rows.find((x) => x.account === '1601')!;
    expect([row.unitCode, row.cardFen, row.ledgerFen, row.differenceFen]).toEqual(['T01', 2400000, 2400000, 0]);
  }, 60_000);

  it('help and usage errors', () => {
    const help = ledger(['count', 'scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/count scan ID CODE/);
    const bad = ledger(['count', 'scan', 'only-id', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    const noDoc = ledger(['gl', 'import', path.join(dir, 'missing.csv'), '--period', '2026-03', '--json']);
    expect(noDoc.code).not.toBe(0);
    expect(JSON.parse(noDoc.stderr).error.code).toBe('NOT_FOUND');
  }, 60_000);
});
