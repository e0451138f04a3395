// Screenshots of 岗位 (post settings) and 人员名册 from the demo community (db/demo: ~4,000 staff,
// post schemes, one unit at its senior cap, one override, 县管乡用 doctors):
//
//   npx tsx renderer/screens/posts/screenshots.ts [--skip-build] [--static DIR] [--out DIR] [--scale 0.3]
//
// → docs/screenshots/posts-structure.png, posts-appoint-refusal.png, posts-overrides.png,
//   posts-quotas.png, posts-ratios.png, posts-pool.png, posts-rounds.png, posts-chart.png,
//   posts-expiring.png, posts-secondments.png, posts-staff.png, posts-staff-import.png,
//   posts-staff-masked.png, posts-structure-en.png.
// Builds the renderer into a temp directory of its own (not build/renderer), so it can run beside other work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { DEMO_AT_SENIOR_CAP } from '../../../db/demo/staff';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '刘芳' } };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean' }, out: { type: 'string' }, static: { type: 'string' }, scale: { type: 'string' } }, strict: true });
const OUT = path.resolve(values.out ?? 'docs/screenshots');

async function settle(page: Page, ms = 500) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(ms);
}

/** A messy staff sheet as a township clerk would send it: GB18030 CSV, a title row, bad rows. */
function messyStaffCsv(unit: string, other: string): Buffer {
  const rows = [
    ['石桥镇中心卫生院 2026年在职人员花名册'],
    ['工号', '姓名', '身份证号', '性别', '出生日期', '学历', '职称', '执业资格', '人员类别', '聘用单位', '工作单位'],
    ['SQ9001', '王晓燕', '130534199003150022', '女', '1990.03.15', '本科', '主管护师', '护士执业证书', '在编', unit, ''],
    ['SQ9002', '李振华', '130534198807120019', '男', '1988年7月12日', '大专', '主治医师', '执业医师', '备案制', unit, ''],
    ['SQ9003', '赵敏', '130534199512300025', '女', '1995-12-30', '本科', '医师', '执业医师', '合同制', unit, other],
    ['SQ9004', '孙强', '130534199001011234', '男', '1990-01-01', '中专', '', '', '在编', unit, ''],
    ['SQ9005', '周丽', '130534199204050028', '男', '1992-04-05', '本科', '护师', '护士执业证书', '在编', unit, ''],
    ['SQ9006', '吴刚', '', '男', '1985/6/1', '本科', '药师', '', '临时工作人员', unit, ''],
    ['SQ9007', '郑洁', '', '女', '1993-13-01', '大专', '护士', '', '在编', 'XX999', ''],
  ];
  const csv = rows.map((r) => r.join(',')).join('\r\n');
  return iconv.encode(csv, 'gb18030');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-posts-shots-'));
  const staticDir = values.static ? path.resolve(values.static) : path.join(dir, 'renderer');
  if (!values['skip-build'] && !values.static) await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  const t0 = Date.now();
  const demo = await buildDemo(ledger, { assets: false, staff: values.scale ? { scale: Number(values.scale) } : true });
  process.stderr.write(`demo: ${JSON.stringify(demo.staff)} in ${Date.now() - t0} ms\n`);

  // A competition round at a township centre with applicants and scores.
  const capStaff = await ledger.invoke('staff.list', { unitCode: DEMO_AT_SENIOR_CAP }, SYSTEM);
  const juniors = capStaff.filter((s) => s.workingUnitCode === DEMO_AT_SENIOR_CAP && s.current.length === 1 && s.current[0]!.category === '专业技术' && (s.current[0]!.grade ?? 0) >= 9);
  const round = await ledger.invoke(
    'posts.rounds.create',
    {
      name: '2026年度中级专业技术岗位竞聘',
      unitCode: DEMO_AT_SENIOR_CAP,
      heldOn: '2026-11-20',
      offers: [
        { category: '专业技术', grade: 8, postName: '主治医师', places: 1 },
        { category: '专业技术', grade: 9, postName: '主管护师', places: 2 },
      ],
    },
    SYSTEM,
  );
  const scores = [88.5, 91, 79.25, 85, 92.5, 85, 70];
  await ledger.invoke(
    'posts.rounds.score',
    { roundNo: round.roundNo, entries: juniors.slice(0, 7).map((s, i) => ({ offer: i < 3 ? 1 : 2, staffNo: s.staffNo, score: scores[i]! })) },
    SYSTEM,
  );
  // A second pool allocation for the history.
  await ledger.invoke('posts.pool.move', { kind: 'allocate', unitCode: DEMO_AT_SENIOR_CAP, amount: 2, date: '2026-09-01', docNo: '清卫人〔2026〕31号', reason: '新增发热门诊' }, SYSTEM);

  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const q = (id: string) => page.getByTestId(id);
    const login = async (username: string, password: string) => {
      await page.goto(host.url);
      await q('login-username').fill(username);
      await q('login-password').fill(password);
      await q('login-submit').click();
      await q('current-user').waitFor();
    };
    const shot = async (name: string, ms = 500) => {
      await settle(page, ms);
      await page.screenshot({ path: path.join(OUT, name) });
      process.stderr.write(`  ${name}\n`);
    };
    fs.mkdirSync(OUT, { recursive: true });

    const hr = demo.users.find((u) => u.role === 'hr')!;
    await login(hr.username, hr.password);
    await q('nav-posts').click();
    await q('structure-table').waitFor();
    await page.locator(`[data-testid=structure-row][data-unit=${DEMO_AT_SENIOR_CAP}]`).click();
    await q('structure-detail').waitFor();
    await shot('posts-structure.png');

    // Appointment past the senior cap of the unit filled to exactly its cap: refused, then the override box.
    const target = juniors[juniors.length - 1]!;
    await q('posts-tab-appointments').click();
    await page.locator('[data-testid=grid-appointments] .ag-row').first().waitFor();
    await q('appt-new').click();
    await q('appt-staff').fill(target.staffNo);
    await q('appt-unit').selectOption(DEMO_AT_SENIOR_CAP);
    await q('appt-category').selectOption('专业技术');
    await q('appt-grade').selectOption('7');
    await q('appt-postname').fill('副主任医师');
    await q('appt-filing').fill('清人社备〔2026〕118号');
    await q('appt-check').waitFor();
    await q('appt-submit').click();
    await q('appt-refusal').waitFor();
    await q('appt-refusal-reason').fill('引进急需紧缺人才（全科），经医共体党委会研究同意');
    await shot('posts-appoint-refusal.png');
    await q('appt-refusal-override').click();
    await q('appt-form').waitFor({ state: 'detached' });

    await q('posts-tab-overrides').click();
    await page.locator('[data-testid=grid-overrides] .ag-row').first().waitFor();
    await shot('posts-overrides.png');

    await q('posts-tab-quotas').click();
    await page.locator('[data-testid=grid-quotas] .ag-row').first().waitFor();
    await shot('posts-quotas.png');

    await q('posts-tab-ratios').click();
    await q('ratio-rules').waitFor();
    await q('ratio-set-TOWNSHIP').click();
    await shot('posts-ratios.png');

    await q('posts-tab-pool').click();
    await q('pool-history').locator('tbody tr').first().waitFor();
    await shot('posts-pool.png');

    await q('posts-tab-rounds').click();
    await q('round-detail').waitFor();
    await shot('posts-rounds.png');

    await q('posts-tab-chart').click();
    await q('chart-table').waitFor();
    await shot('posts-chart.png', 900);

    await q('posts-tab-expiring').click();
    await q('expiring-as-of').fill('2026-11-15');
    await page.locator('[data-testid=grid-expiring] .ag-row').first().waitFor();
    await shot('posts-expiring.png');

    await q('posts-tab-secondments').click();
    await page.locator('[data-testid=grid-secondments] .ag-row').first().waitFor();
    await shot('posts-secondments.png');

    await q('nav-staff').click();
    await page.locator('[data-testid=grid-staff] .ag-row').first().waitFor();
    await shot('posts-staff.png', 800);

    // Import a messy GB18030 CSV: the preview lists every rejected row with its column and reason.
    const other = (await ledger.invoke('units.list', {}, SYSTEM)).find((u) => u.parentCode === DEMO_AT_SENIOR_CAP)?.code ?? '';
    const csv = path.join(dir, '石桥镇卫生院花名册.csv');
    fs.writeFileSync(csv, messyStaffCsv(DEMO_AT_SENIOR_CAP, other));
    await q('import-file').setInputFiles(csv);
    await q('import-would').waitFor();
    await shot('posts-staff-import.png');
    await page.keyboard.press('Escape');

    await q('lang-en').click();
    await q('nav-posts').click();
    await q('posts-tab-structure').click();
    await q('structure-table').waitFor();
    await shot('posts-structure-en.png');
    await q('lang-zh').click();

    // A township operator: own unit only, identity numbers masked by the engine.
    const op = demo.users.find((u) => u.role === 'unit_operator' && u.unitCode === DEMO_AT_SENIOR_CAP) ?? demo.users.find((u) => u.role === 'unit_operator')!;
    await q('logout').click();
    await login(op.username, op.password);
    await q('nav-staff').click();
    await page.locator('[data-testid=grid-staff] .ag-row').first().waitFor();
    await shot('posts-staff-masked.png', 800);
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (errors.length) {
    process.stderr.write(`page errors:\n${errors.join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
