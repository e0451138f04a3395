import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/engine/audit';
import { applyRetention, backupDirFor, backupTo, makeBackup, restoreFrom } from '../../db/engine/backup';
import { APPLICATION_ID } from '../../db/engine/database';
import { LedgerError } from '../../shared/errors';
import { dump, freshLedger, ok, open, seedOrg, tempDir, type Fixture } from './helpers';

/** A ledger with enough rows that a corrupted page in the middle of a copy hits real data. */
async function ledgerWithData(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'units.batch', {
    ops: Array.from({ length: 600 }, (_, i) => ({ op: 'insert' as const, row: { code: `U${String(i).padStart(4, '0')}`, name: `测试单位${i}号（用于备份测试的较长名称）`, type: '其他', parentCode: null } })),
  });
  return f;
}

function readonly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** The same validation the CLI passes to restoreFrom. */
const validateLedger = (db: Database.Database) => {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) throw new LedgerError('NOT_A_LEDGER', '不是本程序的账套备份');
};

describe('backupTo', () => {
  it('produces a file that opens, passes integrity_check and holds the same data', async () => {
    const f = await ledgerWithData();
    const dest = path.join(f.dir, 'copy.ledger');
    const out = await backupTo(f.ledger.db, dest);
    expect(out).toEqual({ file: dest, bytes: fs.statSync(dest).size });
    const copy = readonly(dest);
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const t of ['units', 'departments', 'users', 'audit_log', 'settings']) expect(dump(copy, t), t).toEqual(dump(f.ledger.db, t));
      expect(verifyAuditChain(copy).ok).toBe(true);
    } finally {
      copy.close();
    }
    // It is a ledger the engine opens as such.
    const reopened = open(dest, {});
    expect(await reopened.invoke('units.list', {})).toHaveLength(607);
  });

  it('leaves nothing but the backup file behind (no .partial, no -wal/-shm)', async () => {
    const f = await ledgerWithData();
    const out = path.join(tempDir(), 'copy.ledger');
    await backupTo(f.ledger.db, out);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['copy.ledger']);
  });

  it('includes writes committed just before it', async () => {
    const f = await freshLedger();
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'LAST', name: '最后一笔', type: '其他', parentCode: null } }] });
    const dest = path.join(f.dir, 'copy.ledger');
    await backupTo(f.ledger.db, dest);
    const copy = readonly(dest);
    expect(copy.prepare("SELECT name FROM units WHERE code = 'LAST'").pluck().get()).toBe('最后一笔');
    copy.close();
  });
});

describe('makeBackup (automatic backups)', () => {
  it('writes a checked copy into <file>.backups/ named with the reason', async () => {
    const f = await ledgerWithData();
    const dest = makeBackup(f.ledger.db, f.file, 'before-import');
    expect(path.dirname(dest)).toBe(backupDirFor(f.file));
    expect(path.basename(dest)).toMatch(/^test\.ledger-\d{8}-\d{6}-before-import\.ledger$/);
    const copy = readonly(dest);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(dump(copy, 'units')).toEqual(dump(f.ledger.db, 'units'));
    copy.close();
    expect(fs.readdirSync(backupDirFor(f.file))).toEqual([path.basename(dest)]);
  });
});

describe('restoreFrom', () => {
  type Damage = (file: string) => void;
  const damages: [string, Damage][] = [
    ['truncated to half', (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
    [
      'two pages overwritten in the middle',
      (file) => {
        const size = fs.statSync(file).size;
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
        fs.closeSync(fd);
      },
    ],
    [
      'header overwritten',
      (file) => {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.alloc(100, 0), 0, 100, 0);
        fs.closeSync(fd);
      },
    ],
  ];

  for (const [label, damage] of damages) {
    it(`refuses a backup that was ${label}, leaving the target and its folder untouched`, async () => {
      const f = await ledgerWithData();
      const good = path.join(f.dir, 'good.ledger');
      await backupTo(f.ledger.db, good);
      f.ledger.close();
      const bad = path.join(f.dir, 'bad.ledger');
      fs.copyFileSync(good, bad);
      damage(bad);
      const targetBytes = fs.readFileSync(f.file);
      const before = fs.readdirSync(f.dir).sort();

      const err = await restoreFrom(bad, f.file, { validate: validateLedger }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LedgerError);
      expect((err as LedgerError).code).toBe('INTEGRITY');
      expect((err as LedgerError).message).toMatch(/损坏/);
      expect(fs.readFileSync(f.file).equals(targetBytes)).toBe(true);
      expect(fs.readdirSync(f.dir).sort()).toEqual(before); // no .restoring, no backups dir, no -wal/-shm beside the source
    });
  }

  it('refuses a healthy SQLite file that is not a ledger (validate)', async () => {
    const f = await ledgerWithData();
    f.ledger.close();
    const other = path.join(f.dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const bytes = fs.readFileSync(f.file);
    await expect(restoreFrom(other, f.file, { validate: validateLedger })).rejects.toMatchObject({ code: 'NOT_A_LEDGER' });
    expect(fs.readFileSync(f.file).equals(bytes)).toBe(true);
  });

  it('refuses a missing backup', async () => {
    const f = await freshLedger();
    f.ledger.close();
    await expect(restoreFrom(path.join(f.dir, 'nope.ledger'), f.file, { validate: validateLedger })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('on success replaces the target and keeps the previous state in the backups folder', async () => {
    const f = await ledgerWithData();
    const backup = path.join(f.dir, 'monday.ledger');
    await backupTo(f.ledger.db, backup);
    const mondayUnits = dump(f.ledger.db, 'units');
    // Work continues after the backup…
    await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'TUE', name: '周二新增', type: '其他', parentCode: null } }] });
    const tuesdayUnits = dump(f.ledger.db, 'units');
    f.ledger.close();

    const r = await restoreFrom(backup, f.file, { validate: validateLedger });
    expect(r.restored).toBe(f.file);
    expect(r.previousKeptAt).not.toBeNull();
    expect(path.dirname(r.previousKeptAt!)).toBe(backupDirFor(f.file));

    const restored = open(f.file, {});
    expect(dump(restored.db, 'units')).toEqual(mondayUnits);
    expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(restored.db).ok).toBe(true);
    // The restored ledger takes writes and its chain continues.
    await restored.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'AFTER', name: '恢复后新增', type: '其他', parentCode: null } }] });
    expect(verifyAuditChain(restored.db).ok).toBe(true);

    const kept = readonly(r.previousKeptAt!);
    expect(dump(kept, 'units')).toEqual(tuesdayUnits);
    kept.close();
    // No temp files are left beside the ledger or the backup.
    expect(fs.readdirSync(f.dir).filter((x) => /restoring|partial|monday\.ledger-/.test(x))).toEqual([]);
  });
});

describe('applyRetention: 3 of today, the newest of each earlier day, 10 in all', () => {
  /** Create `<name>.ledger` files with the given local mtimes. */
  function files(dir: string, times: Record<string, Date>) {
    for (const [name, t] of Object.entries(times)) {
      const file = path.join(dir, `${name}.ledger`);
      fs.writeFileSync(file, name);
      fs.utimesSync(file, t, t);
    }
  }
  const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute); // March 2026, local time

  it('keeps the 3 newest of today and the newest of each earlier day', () => {
    const dir = tempDir();
    files(dir, {
      t0800: at(10, 8),
      t0900: at(10, 9),
      t1000: at(10, 10),
      t1100: at(10, 11),
      t1130: at(10, 11, 30),
      d09a: at(9, 10),
      d09b: at(9, 20),
      d08: at(8, 15),
      d05a: at(5, 1),
      d05b: at(5, 23, 59),
    });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const removed = applyRetention(dir, at(10, 12));
    expect(removed.sort()).toEqual(['d05a.ledger', 'd09a.ledger', 't0800.ledger', 't0900.ledger'].sort());
    expect(fs.readdirSync(dir).sort()).toEqual(['d05b.ledger', 'd08.ledger', 'd09b.ledger', 'notes.txt', 't1000.ledger', 't1100.ledger', 't1130.ledger']);
  });

  it('keeps at most 10 in all, the newest ones', () => {
    const dir = tempDir();
    const times: Record<string, Date> = { today1: at(20, 9), today2: at(20, 10), today3: at(20, 11), today4: at(20, 8) };
    for (let d = 1; d <= 12; d++) {
      times[`d${String(d).padStart(2, '0')}a`] = at(d, 9);
      times[`d${String(d).padStart(2, '0')}b`] = at(d, 18);
    }
    files(dir, times);
    applyRetention(dir, at(20, 12));
    expect(fs.readdirSync(dir).sort()).toEqual(['d06b', 'd07b', 'd08b', 'd09b', 'd10b', 'd11b', 'd12b', 'today1', 'today2', 'today3'].map((x) => `${x}.ledger`));
  });

  it('does nothing when within the limits', () => {
    const dir = tempDir();
    files(dir, { a: at(10, 9), b: at(9, 9) });
    expect(applyRetention(dir, at(10, 12))).toEqual([]);
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });

  it('"today" is the local calendar day (China, early morning), not the UTC day', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      expect(new Date('2026-03-09T17:00:00Z').getHours()).toBe(1); // the time zone really switched
      const dir = tempDir();
      files(dir, {
        today0030: new Date('2026-03-09T16:30:00Z'), // 3/10 00:30 in Beijing
        yday2300: new Date('2026-03-09T15:00:00Z'), //  3/9 23:00
        yday2200: new Date('2026-03-09T14:00:00Z'), //  3/9 22:00
        yday2100: new Date('2026-03-09T13:00:00Z'), //  3/9 21:00
      });
      // 3/10 01:00 in Beijing — still 3/9 in UTC, where all four would count as "today" and be kept.
      const removed = applyRetention(dir, new Date('2026-03-09T17:00:00Z'));
      expect(removed.sort()).toEqual(['yday2100.ledger', 'yday2200.ledger']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
