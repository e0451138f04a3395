// End-to-end smoke check of the renderer against the real engine and web host, with assertions:
//
//   npx tsx renderer/dev/smoke.ts [--skip-build] [--headed]
//
// First-run setup, login errors and lockout, the units grid (cell edit, invalid cell, paste of
// updates and inserts, engine errors on cells, stale-edit conflict + reload, undo, new-row line,
// pinyin filter, import preview + import + undo, export), departments, users (add, unlock, reset
// password, checkbox edit), audit log, role-limited navigation, lost session → login, English.
// Exits non-zero on the first failed check. (Proper tests live in tests/e2e; this is the
// renderer author's quick loop.)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { buildDemo, DEMO_COMMUNITY_NAME, DEMO_PASSWORD } from '../../db/demo';
import { openLedger } from '../../db/engine/ledger';
import { startWebHost } from '../../db/hosts/web/server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean' }, headed: { type: 'boolean' } }, strict: true });
const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };

let failures = 0;
function check(cond: unknown, what: string, detail?: unknown) {
  if (cond) process.stdout.write(`  ok  ${what}\n`);
  else {
    failures += 1;
    process.stdout.write(`  FAIL ${what}${detail !== undefined ? ` — ${JSON.stringify(detail)}` : ''}\n`);
  }
}

const G = (id: string) => `[data-testid=${id}]`;
const bodyRow = (grid: string, i: number) => `${G(grid)} .ag-row:not(.ag-row-pinned)[row-index="${i}"]`;
const status = (page: Page) => page.locator(G('grid-status')).innerText();
const count = (page: Page) => page.locator(G('grid-count')).innerText();

async function paste(page: Page, text: string) {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

async function waitStatus(page: Page, re: RegExp, timeout = 10_000) {
  await page.waitForFunction(
    ([src, flags]) => new RegExp(src!, flags).test(document.querySelector('[data-testid=grid-status]')?.textContent ?? ''),
    [re.source, re.flags],
    { timeout },
  );
}

async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

async function main() {
  if (!values['skip-build']) {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (res.status !== 0) throw new Error('vite build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-smoke-'));
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: DEMO_COMMUNITY_NAME, ...ADMIN });
  await buildDemo(ledger);
  const fresh = openLedger(path.join(dir, 'fresh.ledger'), { create: true });
  const staticDir = path.join(ROOT, 'build/renderer');
  const host = await startWebHost(ledger, { port: 0, staticDir });
  const freshHost = await startWebHost(fresh, { port: 0, staticDir });
  const url = `http://127.0.0.1:${host.port}/#token=${host.token}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: !values.headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });

    console.log('first run');
    {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${freshHost.port}/#token=${freshHost.token}`);
      await page.getByTestId('setup-form').waitFor();
      check(!page.url().includes('token='), 'launch token removed from the address bar', page.url());
      await page.getByTestId('setup-submit').click();
      check((await page.locator('.field-error').count()) >= 2, 'empty setup form shows field errors');
      await page.getByTestId('setup-community').fill('测试县医共体');
      await page.getByTestId('setup-displayname').fill('王院长');
      await page.getByTestId('setup-password').fill('abcdefgh1');
      await page.getByTestId('setup-password2').fill('abcdefgh2');
      await page.getByTestId('setup-submit').click();
      check(/不一致/.test(await page.locator('.field-error').first().innerText()), 'password mismatch caught');
      await page.getByTestId('setup-password2').fill('abcdefgh1');
      await page.getByTestId('setup-submit').click();
      await page.getByTestId('community-name').waitFor();
      check((await page.getByTestId('community-name').innerText()) === '测试县医共体', 'setup logs in and shows the community');
      await page.close();
    }

    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    console.log('login');
    await page.goto(url);
    await page.getByTestId('login-username').fill('caiwu');
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').waitFor();
      await page.waitForTimeout(150);
    }
    check(/锁定/.test(await page.getByTestId('login-error').innerText()), 'lockout message after 5 failures', await page.getByTestId('login-error').innerText());
    await login(page, url, ADMIN.username, ADMIN.password);
    check((await page.getByTestId('current-role').innerText()) === '系统管理员', 'role label in the top bar');

    console.log('units grid');
    await page.locator(`${G('grid-units')} .ag-row`).first().waitFor();
    check(/共 145 行/.test(await count(page)), 'status bar counts the rows', await count(page));
    await page.getByTestId('grid-quick-filter').fill('xzwsy');
    await page.waitForFunction(() => /筛选出 16 \//.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));
    check(true, 'pinyin initials xzwsy find the 16 乡镇卫生院');
    await page.getByTestId('grid-quick-filter').fill('');
    await page.waitForFunction(() => /共 145 行/.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));

    const nameCell = page.locator(`${bodyRow('grid-units', 1)} .ag-cell[col-id=name]`);
    await nameCell.dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('清河县中医院');
    await page.keyboard.press('Enter');
    await waitStatus(page, /已保存 1 行/);
    check((await nameCell.innerText()) === '清河县中医院', 'cell edit saved through units.batch');

    const codeCell = page.locator(`${bodyRow('grid-units', 1)} .ag-cell[col-id=code]`);
    await codeCell.click();
    await page.keyboard.type('bad code!');
    await page.keyboard.press('Enter');
    await waitStatus(page, /单位编码/);
    check(/cell-invalid/.test((await codeCell.getAttribute('class')) ?? ''), 'invalid code marked red, not sent');
    check((await codeCell.innerText()) === 'bad code!', 'the rejected value stays visible for correction');

    await page.getByTestId('grid-undo').click();
    await waitStatus(page, /已撤销/);
    await page.waitForTimeout(300);
    check((await nameCell.innerText()) === '清河县中医医院', 'undo of the last batch restores the name', await nameCell.innerText());

    // copy one cell
    await page.locator(`${bodyRow('grid-units', 0)} .ag-cell[col-id=type]`).click();
    const copied = await page.evaluate(() => {
      const dt = new DataTransfer();
      document.activeElement?.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
      return dt.getData('text/plain');
    });
    check(copied === '牵头医院', 'Ctrl+C copies the focused cell', copied);

    // paste updates
    await page.locator(`${bodyRow('grid-units', 4)} .ag-cell[col-id=name]`).click();
    await paste(page, '朱楼村卫生室A\t村卫生室\r\n赵堂村卫生室B\t村卫生室\r\n');
    await waitStatus(page, /已保存 2 行/);
    check((await page.locator(`${bodyRow('grid-units', 5)} .ag-cell[col-id=name]`).innerText()) === '赵堂村卫生室B', 'pasted block over rows = one batch of updates');
    // paste invalid
    await page.locator(`${bodyRow('grid-units', 4)} .ag-cell[col-id=name]`).click();
    await paste(page, 'X\t诊所\r\n');
    await waitStatus(page, /粘贴内容有 1 处错误/);
    check((await page.locator(`${bodyRow('grid-units', 4)} .ag-cell[col-id=name]`).innerText()) === '朱楼村卫生室A', 'invalid paste sends nothing');
    // paste inserts from the new-row line, with a quoted multi-line cell
    await page.locator(`${G('grid-units')} .ag-row-pinned .ag-cell[col-id=code]`).click();
    await paste(page, 'ZP001\t"新店镇\n卫生院"\t卫生院\tQH001\r\nZP002\t新店村卫生室\t村卫生室\tZP001\r\n');
    await waitStatus(page, /已保存 2 行/);
    check(/共 147 行/.test(await count(page)), 'pasted rows below the table become inserts', await count(page));
    // duplicate → engine error
    await page.locator(`${G('grid-units')} .ag-row-pinned .ag-cell[col-id=code]`).click();
    await paste(page, 'ZP001\t重复\t卫生院\tQH001\r\n');
    await waitStatus(page, /ZP001/);
    check(/粘贴块第 1 行/.test(await status(page)), 'engine DUPLICATE mapped to the pasted row', await status(page));
    // new-row line by typing (IME-style start: keydown "Process" then text)
    await page.locator(`${G('grid-units')} .ag-row-pinned .ag-cell[col-id=code]`).click();
    await page.keyboard.type('ZP003');
    await page.keyboard.press('Tab');
    await page.locator(`${G('grid-units')} .ag-row-pinned .ag-cell[col-id=name]`).dispatchEvent('keydown', { key: 'Process', keyCode: 229, bubbles: true });
    await page.keyboard.insertText('后店村卫生室');
    await page.keyboard.press('Tab');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter'); // open the list
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    check(/上级单位/.test(await status(page)), 'engine rule (village clinic needs a parent) shown on the new row', await status(page));
    await page.keyboard.press('Tab');
    await page.keyboard.type('ZP001');
    await page.keyboard.press('Enter');
    await waitStatus(page, /已保存 1 行/);
    check(/共 148 行/.test(await count(page)), 'typed new row inserted (name via IME path)', await count(page));

    // conflict
    await page.getByTestId('grid-quick-filter').fill('QH003');
    await page.waitForFunction(() => /筛选出 1 \//.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));
    const unit = (await ledger.invoke('units.list', {})).find((u) => u.code === 'QH003')!;
    await ledger.invoke('units.batch', { ops: [{ op: 'update', id: unit.id, version: unit.version, changes: { name: '妇幼保健院（他人修改）' } }] }, { system: { actor: '张会计' } });
    const qh003 = page.locator(`${bodyRow('grid-units', 0)} .ag-cell[col-id=name]`);
    await qh003.dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('我的修改');
    await page.keyboard.press('Enter');
    await page.getByTestId('grid-conflict-reload').waitFor();
    check(/张会计/.test(await status(page)), 'conflict names who changed the row', await status(page));
    await page.getByTestId('grid-conflict-reload').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=grid-conflict-reload]'));
    check(/他人修改/.test(await qh003.innerText()), 'reload shows the other user’s change', await qh003.innerText());
    await page.getByTestId('grid-quick-filter').fill('');

    // import
    const csv = path.join(dir, 'units.csv');
    fs.writeFileSync(csv, '单位编码,单位名称,单位类型,上级单位编码\r\nIM001,导入卫生院,乡镇卫生院,QH001\r\nIM002,,村卫生室,IM001\r\nIM003,导入卫生室,火星,IM001\r\nIM004,导入卫生室四,村卫生室,IM001\r\n');
    await page.getByTestId('import-file').setInputFiles(csv);
    await page.getByTestId('import-would').waitFor();
    check(/可导入 2 行/.test(await page.getByTestId('import-would').innerText()), 'dry run: would import 2');
    check((await page.locator(`${G('import-rejected')} tbody tr`).count()) === 2, 'dry run lists both rejected rows');
    check(await page.getByTestId('import-confirm').isDisabled(), 'all-or-nothing: confirm disabled while rows are rejected');
    await page.getByTestId('import-skip-invalid').check();
    await page.getByTestId('import-confirm').click();
    await waitStatus(page, /已导入 2 行/);
    check(/共 150 行/.test(await count(page)), 'import added the valid rows', await count(page));
    await page.getByTestId('grid-undo').click();
    await waitStatus(page, /已撤销/);
    check(/共 148 行/.test(await count(page)), 'undo removes the imported rows', await count(page));

    // export
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    check(/\.xlsx$/.test(download.suggestedFilename()), 'export downloads an .xlsx', download.suggestedFilename());

    console.log('departments, users, audit');
    await page.getByTestId('nav-departments').click();
    await page.locator(`${G('grid-departments')} .ag-row`).first().waitFor();
    await page.getByTestId('department-unit-filter').selectOption('QH101');
    await page.waitForFunction(() => !/418/.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));
    check(!/418/.test(await count(page)), 'unit filter narrows departments', await count(page));

    await page.getByTestId('nav-users').click();
    await page.locator(`${G('grid-users')} .ag-row`).first().waitFor();
    await page.getByTestId('grid-quick-filter').fill('caiwu');
    await page.waitForFunction(() => /筛选出 1 \//.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));
    await page.locator(`${bodyRow('grid-users', 0)} .ag-cell[col-id=displayName]`).click();
    check(await page.getByTestId('user-unlock').isEnabled(), 'unlock offered for the locked user');
    await page.getByTestId('user-unlock').click();
    await waitStatus(page, /已解锁/);
    await page.getByTestId('user-reset-password').click();
    await page.getByTestId('user-reset-new').fill('newpass123');
    await page.getByTestId('user-reset-new2').fill('newpass123');
    await page.getByTestId('user-reset-submit').click();
    await waitStatus(page, /已重置/);
    await page.locator(`${bodyRow('grid-users', 0)} .ag-cell[col-id=disabled] input`).click();
    await waitStatus(page, /已保存 1 行/);
    check(await page.locator(`${bodyRow('grid-users', 0)} .ag-cell[col-id=disabled] input`).isChecked(), 'checkbox edit saved');
    await page.getByTestId('grid-undo').click();
    await waitStatus(page, /已撤销/);
    await page.getByTestId('grid-quick-filter').fill('');
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-add-username').fill('wang.fang');
    await page.getByTestId('user-add-displayname').fill('王芳');
    await page.getByTestId('user-add-role').selectOption('unit_operator');
    await page.getByTestId('user-add-password').fill('pass12345');
    await page.getByTestId('user-add-password2').fill('pass12345');
    await page.getByTestId('user-add-submit').click();
    await page.getByTestId('user-add-error').waitFor();
    check(/所属单位/.test(await page.getByTestId('user-add-error').innerText()), 'engine rule shown in the add-user dialog');
    await page.getByTestId('user-add-unit').fill('QH101');
    await page.getByTestId('user-add-submit').click();
    await waitStatus(page, /已新增用户 王芳/);
    check(true, 'user added');

    await page.getByTestId('nav-audit').click();
    await page.locator(`${G('grid-audit')} .ag-row`).first().waitFor();
    check(/新增用户/.test(await page.locator(`${bodyRow('grid-audit', 0)}`).innerText()), 'audit log shows the latest operation first');

    console.log('roles, session, language');
    {
      const p2 = await context.newPage();
      await login(p2, url, 'op_qh101', DEMO_PASSWORD);
      const navs = await p2.$$eval('[data-testid^=nav-]', (els) => els.map((e) => (e as HTMLElement).dataset.testid));
      check(!navs.includes('nav-users') && !navs.includes('nav-audit'), 'unit operator sees no users/audit screens', navs);
      check((await p2.locator(`${G('grid-units')} .ag-row-pinned`).count()) === 0 && (await p2.getByTestId('import-button').count()) === 0, 'units read-only for a unit operator');
      await p2.evaluate(() => sessionStorage.setItem('ledger.session', 'expired'));
      await p2.getByTestId('nav-departments').click();
      await p2.getByTestId('login-form').waitFor();
      check(/登录/.test(await p2.locator('.form-notice').innerText()), 'lost session returns to login with the engine’s message');
      await p2.close();
    }
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-units').click();
    await page.locator(`${G('grid-units')} .ag-row`).first().waitFor();
    check((await page.locator(`${G('grid-units')} .ag-header-cell[col-id=code]`).innerText()).includes('Unit code'), 'English headers');
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    check(true, 'logout');

    check(errors.length === 0, 'no errors in the page console', errors);
  } finally {
    await browser.close();
    await host.close();
    await freshHost.close();
    ledger.close();
    fresh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures) {
    console.error(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log('all checks passed');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
