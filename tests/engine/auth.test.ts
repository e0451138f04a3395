import { describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from '../../shared/auth/roles';
import { ADMIN_PASSWORD, USER_PASSWORD, auditCount, fails, freshLedger, ok, open, seedOrg, tempDir, userSession } from './helpers';

describe('first-run setup', () => {
  it('reports that an administrator is needed, then creates one exactly once', async () => {
    const ledger = open(`${tempDir()}/setup.ledger`);
    expect(await ok(ledger, {}, 'setup.status', {})).toMatchObject({ needsAdmin: true, communityName: null });
    const first = await ok(ledger, {}, 'setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
    expect(first.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(await ok(ledger, {}, 'setup.status', {})).toMatchObject({ needsAdmin: false, communityName: '测试县医共体' });

    const rows = auditCount(ledger);
    const second = await fails(ledger, {}, 'setup.createAdmin', { communityName: '另一个', username: 'evil', displayName: '坏人', password: 'password-2' }, 'ALREADY_SET_UP');
    expect(second.message).toMatch(/已/);
    expect(ledger.db.prepare('SELECT username FROM users').pluck().all()).toEqual(['admin']);
    expect(ledger.db.prepare("SELECT value FROM settings WHERE key = 'community.name'").pluck().get()).toBe('测试县医共体');
    expect(auditCount(ledger)).toBe(rows);
  });

  it('the session returned by setup works', async () => {
    const f = await freshLedger();
    expect(await ok(f.ledger, f.admin, 'session.me', {})).toMatchObject({ username: 'admin', role: 'admin' });
  });
});

describe('login', () => {
  it('works with the right password, case-insensitive username, and records the login', async () => {
    const f = await freshLedger();
    const s = await ok(f.ledger, {}, 'session.login', { username: 'ADMIN', password: ADMIN_PASSWORD });
    expect(s.user.username).toBe('admin');
    expect(await ok(f.ledger, { sessionId: s.sessionId }, 'session.me', {})).toMatchObject({ username: 'admin' });
    expect(f.ledger.db.prepare("SELECT last_login_at FROM users WHERE username = 'admin'").pluck().get()).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Setup, the login and a failed attempt are all recorded under the account's name, not "anonymous".
    await fails(f.ledger, {}, 'session.login', { username: 'admin', password: 'wrong-password' }, 'BAD_CREDENTIALS');
    const rows = f.ledger.db.prepare('SELECT actor, method, summary FROM audit_log ORDER BY seq').all();
    expect(rows).toEqual([
      { actor: 'admin', method: 'setup.createAdmin', summary: expect.stringContaining('管理员 admin') },
      { actor: 'admin', method: 'session.login', summary: '登录' },
      { actor: 'admin', method: 'session.login', summary: '登录失败' },
    ]);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const f = await freshLedger();
    const a = await fails(f.ledger, {}, 'session.login', { username: 'admin', password: 'wrong-password' }, 'BAD_CREDENTIALS');
    const b = await fails(f.ledger, {}, 'session.login', { username: 'nobody', password: 'wrong-password' }, 'BAD_CREDENTIALS');
    expect(a.message).toBe(b.message);
  });

  it(`${MAX_FAILED_LOGINS} wrong passwords lock the account until a time; even the right password is refused; unlock clears it`, async () => {
    const f = await freshLedger();
    await userSession(f, 'zhang', '财务');
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: `wrong-${i}-xx` }, 'BAD_CREDENTIALS');
    const started = Date.now();
    const locked = await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: 'wrong-last-x' }, 'LOCKED');
    const until = Date.parse(String(locked.params?.until));
    expect(until).toBeGreaterThan(started + 10 * 60_000);
    expect(until).toBeLessThan(started + 60 * 60_000);
    expect(locked.message).toMatch(/锁定至 .*\d{1,2}:\d\d/);

    const stillLocked = await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD }, 'LOCKED');
    expect(stillLocked.params?.until).toBe(locked.params?.until);

    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'zhang')!;
    expect(user.lockedUntil).toBe(locked.params?.until);
    const unlocked = await ok(f.ledger, f.admin, 'users.unlock', { id: user.id, version: user.version });
    expect(unlocked.lockedUntil).toBeNull();
    const s = await ok(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD });
    expect(s.user.username).toBe('zhang');
  });

  it('a successful login resets the failure count', async () => {
    const f = await freshLedger();
    await userSession(f, 'zhang', '财务');
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < MAX_FAILED_LOGINS; i++) await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: 'wrong-pass' }, 'BAD_CREDENTIALS');
      await ok(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD });
    }
  });

  it('users.setPassword also clears a lockout, and the old password stops working', async () => {
    const f = await freshLedger();
    await userSession(f, 'zhang', '财务');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: 'wrong-pass' });
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'zhang')!;
    await ok(f.ledger, f.admin, 'users.setPassword', { id: user.id, version: user.version, password: 'brand-new-pw' });
    await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD }, 'BAD_CREDENTIALS');
    await ok(f.ledger, {}, 'session.login', { username: 'zhang', password: 'brand-new-pw' });
  });

  it('passwords are stored as scrypt hashes and never appear in the audit log', async () => {
    const f = await freshLedger();
    await userSession(f, 'zhang', '财务');
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'zhang')!;
    await ok(f.ledger, f.admin, 'users.setPassword', { id: user.id, version: user.version, password: 'Second#Pass1' });
    const again = await ok(f.ledger, {}, 'session.login', { username: 'zhang', password: 'Second#Pass1' });
    await ok(f.ledger, { sessionId: again.sessionId }, 'session.changePassword', { current: 'Second#Pass1', next: 'Third#Pass22' });
    await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: 'Wrong#Guess9' });

    const hashes = f.ledger.db.prepare('SELECT password_hash FROM users').pluck().all() as string[];
    for (const h of hashes) {
      expect(h).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      for (const p of [ADMIN_PASSWORD, USER_PASSWORD, 'Second#Pass1', 'Third#Pass22']) expect(h).not.toContain(p);
    }
    const salts = hashes.map((h) => h.split('$')[4]);
    expect(new Set(salts).size).toBe(salts.length);

    const audit = (f.ledger.db.prepare('SELECT summary || changes FROM audit_log').pluck().all() as string[]).join('\n');
    for (const secret of [ADMIN_PASSWORD, USER_PASSWORD, 'Second#Pass1', 'Third#Pass22', 'Wrong#Guess9', 'scrypt$', 'password_hash', ...hashes]) {
      expect(audit).not.toContain(secret);
    }
    // Nor in what users.list returns.
    expect(JSON.stringify(await ok(f.ledger, f.admin, 'users.list', {}))).not.toContain('scrypt');
  });

  it('changePassword needs the current password', async () => {
    const f = await freshLedger();
    await fails(f.ledger, f.admin, 'session.changePassword', { current: 'not-my-password', next: 'whatever-123' }, 'BAD_CREDENTIALS');
    await ok(f.ledger, {}, 'session.login', { username: 'admin', password: ADMIN_PASSWORD });
  });
});

describe('disabled accounts and sessions', () => {
  it('a disabled user cannot log in and their open session stops working', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const zhang = await userSession(f, 'zhang', '财务');
    await ok(f.ledger, zhang, 'units.list', {});
    const user = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'zhang')!;
    await ok(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: user.id, version: user.version, changes: { disabled: true } }] });

    await fails(f.ledger, zhang, 'units.list', {}, 'UNAUTHENTICATED');
    const refused = await fails(f.ledger, {}, 'session.login', { username: 'zhang', password: USER_PASSWORD });
    expect(['FORBIDDEN', 'BAD_CREDENTIALS']).toContain(refused.code);
  });

  it('a session stops working when the account is disabled behind the session store’s back', async () => {
    const f = await freshLedger();
    const zhang = await userSession(f, 'zhang', '财务');
    f.ledger.db.prepare("UPDATE users SET disabled = 1 WHERE username = 'zhang'").run();
    await fails(f.ledger, zhang, 'session.me', {}, 'UNAUTHENTICATED');
  });

  it('the last enabled administrator cannot be disabled or demoted', async () => {
    const f = await freshLedger();
    const admin = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'admin')!;
    const e1 = await fails(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: admin.id, version: admin.version, changes: { disabled: true } }] }, 'VALIDATION');
    expect(e1.details?.[0]).toMatchObject({ row: 1, field: 'disabled' });
    await fails(f.ledger, f.admin, 'users.batch', { ops: [{ op: 'update', id: admin.id, version: admin.version, changes: { role: '审计' } }] }, 'VALIDATION');
  });

  it('UNAUTHENTICATED without a session, with a made-up one, and after logout', async () => {
    const f = await freshLedger();
    await fails(f.ledger, {}, 'units.list', {}, 'UNAUTHENTICATED');
    await fails(f.ledger, { sessionId: 'made-up-session-id' }, 'units.list', {}, 'UNAUTHENTICATED');
    await fails(f.ledger, {}, 'units.batch', { ops: [{ op: 'insert', row: { code: 'X', name: 'x', type: '其他' } }] }, 'UNAUTHENTICATED');
    const s = await ok(f.ledger, {}, 'session.login', { username: 'admin', password: ADMIN_PASSWORD });
    await ok(f.ledger, { sessionId: s.sessionId }, 'session.logout', {});
    await fails(f.ledger, { sessionId: s.sessionId }, 'session.me', {}, 'UNAUTHENTICATED');
    // The setup session is unaffected by the other session's logout.
    await ok(f.ledger, f.admin, 'session.me', {});
  });

  it('unknown methods and bad arguments get clear errors, not stack traces', async () => {
    const f = await freshLedger();
    const unknown = await fails(f.ledger, f.admin, 'units.drop', {}, 'UNKNOWN_METHOD');
    expect(unknown.message).toContain('units.drop');
    const bad = await fails(f.ledger, f.admin, 'audit.list', { limit: 'many' }, 'VALIDATION');
    expect(bad.details?.[0]?.field).toBe('limit');
    expect(JSON.stringify(bad)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('roles', () => {
  it('an auditor can read units, departments, users and the audit log', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const auditor = await userSession(f, 'shenji', '审计');
    expect(await ok(f.ledger, auditor, 'units.list', {})).toHaveLength(7);
    expect(await ok(f.ledger, auditor, 'departments.list', {})).toHaveLength(4);
    expect((await ok(f.ledger, auditor, 'users.list', {})).length).toBe(2);
    const log = await ok(f.ledger, auditor, 'audit.list', {});
    expect(log.length).toBeGreaterThan(3);
    expect(Object.keys(log[0]!).sort()).toEqual(['actor', 'at', 'hash', 'method', 'seq', 'summary']);
  });

  it('an auditor writing anything is FORBIDDEN and nothing changes', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const auditor = await userSession(f, 'shenji', '审计');
    const rows = auditCount(f.ledger);
    const units = await ok(f.ledger, f.admin, 'units.list', {});
    const dept = (await ok(f.ledger, f.admin, 'departments.list', {}))[0]!;
    const admin = (await ok(f.ledger, f.admin, 'users.list', {})).find((u) => u.username === 'admin')!;
    const attempts: [string, unknown][] = [
      ['units.batch', { ops: [{ op: 'update', id: units[0]!.id, version: units[0]!.version, changes: { name: '改名' } }] }],
      ['units.import', { fileName: 'a.csv', base64: Buffer.from('单位编码,单位名称,单位类型\nX,x,其他\n').toString('base64') }],
      ['departments.batch', { ops: [{ op: 'delete', id: dept.id, version: dept.version }] }],
      ['departments.import', { fileName: 'a.csv', base64: Buffer.from('单位编码,科室编码,科室名称\nL01,X,x\n').toString('base64') }],
      ['users.add', { username: 'sneaky', displayName: 'x', role: 'admin', unitCode: null, password: 'password-9' }],
      ['users.batch', { ops: [{ op: 'update', id: admin.id, version: admin.version, changes: { disabled: true } }] }],
      ['users.setPassword', { id: admin.id, version: admin.version, password: 'password-9' }],
      ['users.unlock', { id: admin.id, version: admin.version }],
    ];
    for (const [method, args] of attempts) {
      const e = await fails(f.ledger, auditor, method, args, 'FORBIDDEN');
      expect(e.message, method).toMatch(/无权/);
    }
    expect(auditCount(f.ledger)).toBe(rows);
    expect(await ok(f.ledger, f.admin, 'units.list', {})).toEqual(units);
  });

  it('finance may edit departments but not units or users', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const fin = await userSession(f, 'caiwu', '财务');
    await ok(f.ledger, fin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'C01', code: 'CW', name: '财务科' } }] });
    await fails(f.ledger, fin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'X', name: 'x', type: '其他' } }] }, 'FORBIDDEN');
    await fails(f.ledger, fin, 'users.list', {}, 'FORBIDDEN');
    await fails(f.ledger, fin, 'audit.list', {}, 'FORBIDDEN');
  });
});
