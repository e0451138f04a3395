// Generator of big ledgers for the start-up benchmark: a real ledger file created through the
// engine (so every migration ran), then filled directly with prepared statements in large
// transactions — organisation tables at county size and an audit log of the wanted size.
//
// The audit log is what really grows in a ledger (every write appends a row holding before/after
// images of each changed row), so it carries the volume: logins, single-cell edits, pasted
// blocks and sheet imports, in realistic proportions and with change images shaped exactly like
// the engine's (`SELECT *` rows of units/departments/users).
//
// The hash chain IS computed with the engine's own `auditHash` and the head stored in settings,
// so `ledger verify` accepts the file — not needed for the start-up benchmark, but it makes the
// file usable for a verify benchmark too and costs only a few seconds. Inserts go through a raw
// better-sqlite3 connection with the append-only triggers untouched (they only forbid UPDATE and
// DELETE on audit_log). Everything is driven by a seeded PRNG, ids included, so the same size
// always gives the same content.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH } from '../db/engine/audit';
import { openLedger } from '../db/engine/ledger';
import { hashPassword } from '../db/engine/password';
import { SCHEMA_VERSION } from '../db/migrations';
import { fmtBytes } from './lib';
import { mulberry32 } from '../shared/random';

/** Bump when the generated content changes, so cached files are rebuilt. */
export const GENERATOR_VERSION = 2;

export interface GeneratedLedger {
  file: string;
  bytes: number;
  targetBytes: number;
  schemaVersion: number;
  generator: number;
  units: number;
  departments: number;
  users: number;
  auditRows: number;
  auditBytes: number;
  seconds: number;
}

const TOWNS = ['城关', '东关', '西河', '南湖', '北山', '石桥', '柳林', '杨庄', '李集', '王楼', '张店', '刘家湾', '马坊', '高庄', '双河', '黄土岭', '白杨', '新华', '红旗', '太平', '清泉', '青龙', '金山', '桃园'];
const VILLAGES = ['前进', '东风', '和平', '新村', '大王', '小李', '后屯', '上湾', '下湾', '河口', '岭上', '沟里', '梨树', '枣林', '杏花', '榆树'];
const DEPTS = ['内科', '外科', '妇产科', '儿科', '中医科', '康复科', '检验科', '放射科', '药剂科', '公共卫生科', '护理部', '财务科', '办公室', '预防保健科', '口腔科', '眼耳鼻喉科', '急诊科', '麻醉科', '病案室', '设备科'];
const SURNAMES = ['zhang', 'wang', 'li', 'zhao', 'liu', 'chen', 'yang', 'huang', 'zhou', 'wu', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo'];
const CN_NAMES = ['张伟', '王芳', '李娜', '赵敏', '刘洋', '陈静', '杨磊', '黄丽', '周杰', '吴霞', '徐强', '孙燕', '马军', '朱红', '胡斌', '郭平'];
const ROLES = ['finance', 'asset', 'hr', 'auditor', 'unit_operator'] as const;

export function isCached(file: string, targetBytes: number): GeneratedLedger | undefined {
  const metaFile = `${file}.json`;
  if (!fs.existsSync(file) || !fs.existsSync(metaFile)) return undefined;
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as GeneratedLedger;
    if (meta.generator !== GENERATOR_VERSION || meta.schemaVersion !== SCHEMA_VERSION || meta.targetBytes !== targetBytes) return undefined;
    // Opening through the engine may add a few pages (close() runs PRAGMA optimize, which can
    // create sqlite_stat tables), so only a clearly different size means another file.
    const size = fs.statSync(file).size;
    if (size < meta.bytes || size > meta.bytes * 1.01) return undefined;
    return meta;
  } catch {
    return undefined;
  }
}

export function removeLedger(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, `${file}.json`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
}

/** Generate (or reuse) a ledger of about `targetBytes`. */
export function ensureLedger(file: string, targetBytes: number, log: (s: string) => void = console.log): GeneratedLedger {
  const cached = isCached(file, targetBytes);
  if (cached) {
    log(`reusing ${file} (${fmtBytes(cached.bytes)}, ${cached.auditRows.toLocaleString()} audit rows)`);
    return cached;
  }
  removeLedger(file);
  log(`generating ${file} (target ${fmtBytes(targetBytes)}) …`);
  const started = performance.now();

  // 1. Through the engine: create the file and run every migration.
  openLedger(file, { create: true }).close();

  // 2. Raw connection for the bulk fill. synchronous=OFF is fine for a generated file; the WAL
  //    is checkpointed and truncated at the end so the benchmark opens a clean file.
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');

  const rnd = mulberry32(20240601 ^ Math.round(targetBytes / 1024));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rnd() * 16).toString(16);
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;

  // Time line: the log spans three years up to the generation date.
  const t1 = Date.UTC(2025, 10, 1);
  const t0 = t1 - 3 * 365 * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(t0);

  // --- Organisation: 1 lead hospital, 5 county hospitals, 24 township + 4 community centres, 116 village clinics (150).
  type UnitImg = { id: string; code: string; name: string; type: string; parent_id: string | null; created_at: string; updated_at: string; updated_by: string; version: number };
  const units: UnitImg[] = [];
  const addUnit = (code: string, name: string, type: string, parent: string | null) => {
    const u: UnitImg = { id: uuid(), code, name, type, parent_id: parent, created_at: created, updated_at: created, updated_by: 'admin', version: 1 };
    units.push(u);
    return u;
  };
  const lead = addUnit('QH001', '清河县人民医院', '牵头医院', null);
  for (let i = 0; i < 5; i++) addUnit(`QH${String(2 + i).padStart(3, '0')}`, ['清河县中医院', '清河县妇幼保健院', '清河县第二人民医院', '清河县精神卫生中心', '清河县疾控中心门诊部'][i]!, '县级医院', lead.id);
  const centres: UnitImg[] = [];
  for (let i = 0; i < 24; i++) centres.push(addUnit(`WSY${String(i + 1).padStart(3, '0')}`, `清河县${TOWNS[i]}镇卫生院`, '乡镇卫生院', null));
  for (let i = 0; i < 4; i++) centres.push(addUnit(`SQ${String(i + 1).padStart(3, '0')}`, `清河县${['东城', '西城', '南关', '北关'][i]}社区卫生服务中心`, '社区卫生服务中心', null));
  for (let i = 0; units.length < 150; i++) {
    const c = centres[i % centres.length]!;
    addUnit(`CWS${String(i + 1).padStart(4, '0')}`, `${c.name.replace(/镇卫生院|社区卫生服务中心/, '')}${pick(VILLAGES)}村卫生室${i + 1}`, '村卫生室', c.id);
  }
  const insUnit = db.prepare('INSERT INTO units (id, code, name, type, parent_id, created_at, updated_at, updated_by, version) VALUES (@id, @code, @name, @type, @parent_id, @created_at, @updated_at, @updated_by, @version)');

  // --- ~4,000 departments: ~26 per unit (hospitals have more, clinics fewer).
  type DeptImg = { id: string; unit_id: string; code: string; name: string; created_at: string; updated_at: string; updated_by: string; version: number };
  const depts: DeptImg[] = [];
  for (const u of units) {
    const n = u.type === '村卫生室' ? 20 : u.type === '乡镇卫生院' || u.type === '社区卫生服务中心' ? 35 : 60;
    for (let k = 0; k < n; k++) {
      depts.push({ id: uuid(), unit_id: u.id, code: `D${String(k + 1).padStart(3, '0')}`, name: `${DEPTS[k % DEPTS.length]}${k >= DEPTS.length ? Math.floor(k / DEPTS.length) + 1 : ''}`, created_at: created, updated_at: created, updated_by: 'admin', version: 1 });
    }
  }
  const insDept = db.prepare('INSERT INTO departments (id, unit_id, code, name, created_at, updated_at, updated_by, version) VALUES (@id, @unit_id, @code, @name, @created_at, @updated_at, @updated_by, @version)');

  // --- 50 users; one scrypt hash shared by all (hashing 50 times would only cost time). admin / admin1234.
  const pw = hashPassword('admin1234');
  type UserImg = { id: string; username: string; display_name: string; role: string; unit_id: string | null; disabled: number; failed_logins: number; locked_until: string | null; last_login_at: string | null; created_at: string; updated_at: string; updated_by: string; version: number };
  const users: UserImg[] = [];
  users.push({ id: uuid(), username: 'admin', display_name: '系统管理员', role: 'admin', unit_id: null, disabled: 0, failed_logins: 0, locked_until: null, last_login_at: null, created_at: created, updated_at: created, updated_by: 'admin', version: 1 });
  for (let i = 1; users.length < 50; i++) {
    const role = ROLES[i % ROLES.length]!;
    users.push({ id: uuid(), username: `${SURNAMES[i % SURNAMES.length]}${i}`, display_name: CN_NAMES[i % CN_NAMES.length]!, role, unit_id: role === 'unit_operator' ? pick(units).id : null, disabled: 0, failed_logins: 0, locked_until: null, last_login_at: null, created_at: created, updated_at: created, updated_by: 'admin', version: 1 });
  }
  const insUser = db.prepare(
    'INSERT INTO users (id, username, display_name, role, unit_id, password_hash, disabled, failed_logins, locked_until, last_login_at, created_at, updated_at, updated_by, version) VALUES (@id, @username, @display_name, @role, @unit_id, @pw, @disabled, @failed_logins, @locked_until, @last_login_at, @created_at, @updated_at, @updated_by, @version)',
  );

  db.transaction(() => {
    db.prepare("INSERT INTO settings (key, value) VALUES ('community.name', '清河县医疗健康集团') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    for (const u of units) insUnit.run(u);
    for (const d of depts) insDept.run(d);
    for (const u of users) insUser.run({ ...u, pw });
  })();

  // --- Audit log until the file reaches the target size.
  const insAudit = db.prepare('INSERT INTO audit_log (seq, at, actor, method, summary, changes, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const fileBytes = () => (db.pragma('page_count', { simple: true }) as number) * pageSize;

  const bump = <T extends { version: number; updated_at: string; updated_by: string }>(img: T, at: string, by: string, patch: Partial<T>): T => ({ ...img, ...patch, version: img.version + 1, updated_at: at, updated_by: by });
  // Expected number of rows, to spread timestamps (average row ≈ 8 KB of JSON with the mix below).
  const expectedRows = Math.max(1000, Math.round(targetBytes / 8000));

  let seq = 0;
  let prevHash = GENESIS_HASH;
  let auditBytes = 0;
  const entry = (at: string): { actor: string; method: string; summary: string; changes: unknown[] } => {
    const actor = pick(users).username;
    const r = rnd();
    if (r < 0.35) {
      const u = pick(users);
      return { actor: u.username, method: 'session.login', summary: '登录', changes: [{ entity: 'login', id: u.id, before: null, after: { username: u.username } }] };
    }
    if (r < 0.65) {
      const n = int(1, 5);
      const changes = Array.from({ length: n }, () => {
        const d = pick(depts);
        return { entity: 'department', id: d.id, before: d, after: bump(d, at, actor, { name: `${d.name}（${int(1, 9)}）` }) };
      });
      return { actor, method: 'departments.batch', summary: `编辑科室 ${n} 行`, changes };
    }
    if (r < 0.8) {
      const n = int(1, 3);
      const changes = Array.from({ length: n }, () => {
        const u = pick(units);
        return { entity: 'unit', id: u.id, before: u, after: bump(u, at, actor, { name: `${u.name}` }) };
      });
      return { actor, method: 'units.batch', summary: `编辑单位 ${n} 行`, changes };
    }
    if (r < 0.9) {
      const n = int(1, 2);
      const changes = Array.from({ length: n }, () => {
        const u = pick(users);
        return { entity: 'user', id: u.id, before: u, after: bump(u, at, actor, { display_name: pick(CN_NAMES), disabled: int(0, 1) }) };
      });
      return { actor, method: 'users.batch', summary: `编辑用户 ${n} 行`, changes };
    }
    // Pasted blocks (8 %) and sheet imports (2 %): inserts only, after-images of new departments.
    const big = r >= 0.98;
    const n = big ? int(200, 2000) : int(10, 60);
    const changes = Array.from({ length: n }, (_, k) => {
      const u = pick(units);
      const d: DeptImg = { id: uuid(), unit_id: u.id, code: `X${seq}-${k}`, name: `${pick(DEPTS)}${k}`, created_at: at, updated_at: at, updated_by: actor, version: 1 };
      return { entity: 'department', id: d.id, before: null, after: d };
    });
    return big
      ? { actor, method: 'departments.import', summary: `导入科室 ${n} 行（科室表_${int(2023, 2025)}.xlsx）`, changes }
      : { actor, method: 'departments.batch', summary: `编辑科室 ${n} 行`, changes };
  };

  const appendChunk = db.transaction((rows: number) => {
    for (let i = 0; i < rows; i++) {
      seq++;
      const at = iso(t0 + Math.min(1, seq / expectedRows) * (t1 - t0) + int(0, 59_999));
      const e = entry(at);
      const changes = JSON.stringify(e.changes);
      const hash = auditHash(prevHash, seq, at, e.actor, e.method, e.summary, changes);
      insAudit.run(seq, at, e.actor, e.method, e.summary, changes, prevHash, hash);
      auditBytes += Buffer.byteLength(changes);
      prevHash = hash;
    }
  });
  // Chunks of up to 2,000 rows (≈ 16 MB): big transactions, bounded WAL.
  let lastLog = 0;
  while (fileBytes() < targetBytes) {
    const remaining = targetBytes - fileBytes();
    appendChunk(Math.max(20, Math.min(2000, Math.ceil(remaining / 12_000))));
    if (fileBytes() - lastLog > 100 * 1024 ** 2) {
      lastLog = fileBytes();
      log(`  … ${fmtBytes(lastLog)}, ${seq.toLocaleString()} audit rows`);
    }
  }
  db.prepare("INSERT INTO settings (key, value) VALUES ('audit.head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(`${seq}:${prevHash}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const meta: GeneratedLedger = {
    file,
    bytes: fs.statSync(file).size,
    targetBytes,
    schemaVersion: SCHEMA_VERSION,
    generator: GENERATOR_VERSION,
    units: units.length,
    departments: depts.length,
    users: users.length,
    auditRows: seq,
    auditBytes,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  fs.writeFileSync(`${file}.json`, JSON.stringify(meta, null, 2));
  log(`  done: ${fmtBytes(meta.bytes)}, ${meta.auditRows.toLocaleString()} audit rows (${fmtBytes(auditBytes)} of change JSON) in ${meta.seconds} s`);
  return meta;
}
