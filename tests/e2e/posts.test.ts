import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

// 岗位 in Chromium against the web host, as an HR officer: the structure report shows a township
// centre filled to its senior-post cap (15% of 16 professional posts = 2); an appointment past that
// cap is refused with the rule, the current count and the limit; overriding it with a written reason
// makes it, lists it under 突破记录, and the structure report then shows the breach in red.
// Also: the staff register marks a bad identity number typed into a cell and sends nothing; a
// quota edit past 编制 is refused on its cell; raising the township ratio set's senior share clears
// the breach; a competition round turns its winner into an appointment; ending an appointment
// keeps it in the history; the staffing pool records deposits and allocations.

let h: Harness;
const SYSTEM = { system: { actor: 'e2e' } };
const HR = { username: 'renshi', password: 'renshi-pass-1', displayName: '刘芳' };
const REASON = '引进急需紧缺人才，经医共体党委会研究同意';

const PEOPLE = [
  { staffNo: 'T101', name: '王建军' },
  { staffNo: 'T102', name: '李秀兰' },
  { staffNo: 'T103', name: '张志强' },
  { staffNo: 'T104', name: '刘桂英' },
  { staffNo: 'T105', name: '陈明' },
];

const q = (id: string) => h.page.getByTestId(id);
const unitRow = () => h.page.locator('[data-testid=structure-row][data-unit=QH101]');
const col = (key: string) => unitRow().locator(`td[data-col="${key}"]`);

beforeAll(async () => {
  h = await startHarness({
    seed: async (ledger) => {
      await ledger.invoke(
        'units.batch',
        {
          ops: [
            { op: 'insert', row: { code: 'QH001', name: '清河县人民医院', type: '牵头医院', parentCode: null } },
            { op: 'insert', row: { code: 'QH101', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'QH001' } },
          ],
        },
        SYSTEM,
      );
      await ledger.invoke('users.add', { ...HR, role: 'hr', unitCode: null }, SYSTEM);
      // 编制 20 = 岗位总量 20: 管理 2, 专业技术 16, 工勤 2. Township set: senior ≤ floor(16 × 15%) = 2.
      await ledger.invoke('posts.quotas.save', { rows: [{ unitCode: 'QH101', staffing: 20, totalPosts: 20, mgmtPosts: 2, proPosts: 16, workerPosts: 2 }] }, SYSTEM);
      await ledger.invoke('staff.batch', { ops: PEOPLE.map((p) => ({ op: 'insert' as const, row: { ...p, staffingType: '在编', employingUnitCode: 'QH101' } })) }, SYSTEM);
      for (const p of PEOPLE.slice(0, 2)) {
        await ledger.invoke('posts.appoint', { staffNo: p.staffNo, unitCode: 'QH101', category: '专业技术', grade: 7, postName: '副主任医师', termStart: '2025-01-01', termEnd: '2027-12-31' }, SYSTEM);
      }
      await ledger.invoke('posts.appoint', { staffNo: 'T104', unitCode: 'QH101', category: '专业技术', grade: 12, postName: '护师', termStart: '2025-01-01' }, SYSTEM);
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('post settings end to end', () => {
  it('HR opens the structure report: the township centre is at its senior cap, no breach', async () => {
    const { page } = h;
    await page.goto(h.host.url);
    await q('login-username').fill(HR.username);
    await q('login-password').fill(HR.password);
    await q('login-submit').click();
    await q('nav-posts').click();
    await q('posts-tab-structure').click();
    await unitRow().waitFor();
    expect(await col('approved:total').innerText()).toBe('20');
    expect(await col('filled:total').innerText()).toBe('3');
    // 副高: approved bounded by the senior cap (2), both filled
    expect(await col('approved:band:副高').innerText()).toBe('2');
    expect(await col('filled:band:副高').innerText()).toBe('2');
    expect(await unitRow().getAttribute('data-breaches')).toBe('0');
    expect(await page.locator('.posts-breach').count()).toBe(0);
    // the unit's detail: the senior cap is full
    await unitRow().click();
    const senior = q('structure-caps').locator('tr[data-rule=senior]');
    expect(await senior.locator('td').nth(1).innerText()).toBe('2');
    expect(await senior.locator('td').nth(2).innerText()).toContain('2');
  });

  it('an appointment past the cap is refused with the rule, the current count and the limit', async () => {
    const { page } = h;
    await q('posts-tab-appointments').click();
    await page.locator('[data-testid=grid-appointments] .ag-row').first().waitFor();
    await q('appt-new').click();
    await q('appt-staff').fill('T103');
    await q('appt-unit').selectOption('QH101');
    await q('appt-category').selectOption('专业技术');
    await q('appt-grade').selectOption('7');
    await q('appt-postname').fill('副主任医师');
    // the live check already says it will not fit
    await expect.poll(() => q('appt-check').getAttribute('data-ok')).toBe('false');
    await q('appt-submit').click();
    const refusal = q('appt-refusal');
    await refusal.waitFor();
    const row = refusal.locator('[data-testid=appt-refusal-row][data-rule=senior]');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('高级岗位');
    expect(await row.getByTestId('appt-refusal-current').innerText()).toBe('2');
    expect(await row.getByTestId('appt-refusal-limit').innerText()).toBe('2');
    // nothing was written: T103 has no appointment
    expect(await page.locator('[data-testid=grid-appointments] .ag-row[row-id]').filter({ hasText: 'T103' }).count()).toBe(0);
    // the override needs a reason
    expect(await q('appt-refusal-override').isDisabled()).toBe(true);
  });

  it('overriding with a reason appoints, and the override is listed', async () => {
    const { page } = h;
    await q('appt-refusal-reason').fill(REASON);
    await q('appt-refusal-override').click();
    await q('appt-form').waitFor({ state: 'detached' });
    await expect.poll(() => q('grid-status').innerText()).toContain('张志强');
    // the grid re-renders after the status line: wait for the row rather than reading once
    await expect.poll(() => page.locator('[data-testid=grid-appointments] .ag-row').filter({ hasText: 'T103' }).count()).toBeGreaterThan(0);

    await q('posts-tab-overrides').click();
    const rows = page.locator('[data-testid=grid-overrides] .ag-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const text = await rows.first().innerText();
    expect(text).toContain('T103');
    expect(text).toContain(REASON);
    expect(text).toContain('现有 2，限额 2');
    expect(text).toContain(HR.username);
  });

  it('the structure report now shows the breach in red', async () => {
    const { page } = h;
    await q('posts-tab-structure').click();
    await unitRow().waitFor();
    expect(await unitRow().getAttribute('data-breaches')).toBe('1');
    expect(await col('filled:band:副高').innerText()).toBe('3');
    expect(await col('filled:band:副高').getAttribute('class')).toContain('posts-breach');
    expect(await q('structure-breach-count').innerText()).toContain('1');
    const bg = await col('filled:band:副高').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    await unitRow().click();
    expect(await q('structure-detail-breaches').locator('li[data-rule=senior]').innerText()).toContain('现有 3，限额 2');
  });

  it('the staff register marks a bad identity number on the cell and sends nothing', async () => {
    const { page } = h;
    await q('nav-staff').click();
    const grid = page.locator('[data-testid=grid-staff]');
    await grid.locator('.ag-row[row-id]').first().waitFor();
    const id = await grid.locator('.ag-row').filter({ hasText: 'T103' }).first().getAttribute('row-id');
    const cell = grid.locator(`.ag-row[row-id="${id}"] .ag-cell[col-id=idNumber]`);
    await cell.dblclick();
    await page.keyboard.type('110105199001011234'); // checksum should be X
    await page.keyboard.press('Enter');
    await expect.poll(() => cell.getAttribute('class')).toContain('cell-invalid');
    expect(await q('grid-status').innerText()).toContain('身份证号');
    const person = await h.ledger.invoke('staff.get', { staffNo: 'T103' }, SYSTEM);
    expect(person.idNumber).toBeNull();
  });

  it('the staff register and the appointments list filter by unit', async () => {
    const { page } = h;
    // Rows loaded for the unit chosen (the filter asks the engine), as the grid's status bar counts them.
    const count = (grid: string) => page.locator(`[data-testid=${grid}]`).locator('xpath=ancestor::*[.//*[@data-testid="grid-count"]][1]').getByTestId('grid-count').innerText();
    await q('nav-staff').click();
    await page.locator('[data-testid=grid-staff] .ag-row[row-id]').first().waitFor();
    // Every unit the user may see, after 全部单位.
    expect(await q('staff-unit-filter').locator('option').allInnerTexts()).toEqual(['全部单位', 'QH001 清河县人民医院', 'QH101 城关镇卫生院']);
    await q('staff-unit-filter').selectOption('QH001');
    await expect.poll(() => count('grid-staff')).toBe('共 0 行');
    await q('staff-unit-filter').selectOption('QH101');
    await expect.poll(() => count('grid-staff')).toBe(`共 ${PEOPLE.length} 行`);
    await q('staff-unit-filter').selectOption('');

    await q('nav-posts').click();
    await q('posts-tab-appointments').click();
    await page.locator('[data-testid=grid-appointments] .ag-row[row-id]').first().waitFor();
    const all = await count('grid-appointments');
    await q('appt-unit-filter').selectOption('QH001');
    await expect.poll(() => count('grid-appointments')).toBe('共 0 行');
    await q('appt-unit-filter').selectOption('QH101');
    await expect.poll(() => count('grid-appointments')).toBe(all);
    await q('appt-unit-filter').selectOption('');
  });

  it('a quota above 编制 is refused on its cell; a good edit is saved', async () => {
    const { page } = h;
    await q('nav-posts').click();
    await q('posts-tab-quotas').click();
    const grid = page.locator('[data-testid=grid-quotas]');
    const cell = (f: string) => grid.locator(`.ag-row[row-id=QH101] .ag-cell[col-id=${f}]`);
    await cell('totalPosts').waitFor();
    await cell('totalPosts').dblclick();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('totalPosts').getAttribute('class')).toContain('cell-invalid');
    expect(await q('grid-status').innerText()).toContain('编制');
    await cell('staffing').dblclick();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('22');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('staffing').innerText()).toBe('22');
    await expect.poll(() => cell('effectiveStaffing').innerText()).toBe('22');
    const [quota] = await h.ledger.invoke('posts.quotas.list', { unitCode: 'QH101' }, SYSTEM);
    expect(quota!.staffing).toBe(22);
    expect(quota!.totalPosts).toBe(20);
  });

  it('raising the senior share of the township ratio set to 20% clears the breach', async () => {
    const { page } = h;
    await q('posts-tab-ratios').click();
    await q('ratio-set-TOWNSHIP').click();
    const senior = page.locator('[data-testid=ratio-rule]').nth(1);
    expect(await senior.locator('input').first().inputValue()).toBe('senior');
    await senior.getByTestId('ratio-percent').fill('20');
    await q('ratio-save').click();
    await expect.poll(() => q('ratio-message').innerText()).toContain('TOWNSHIP');
    await q('posts-tab-structure').click();
    await unitRow().waitFor();
    // floor(16 × 20%) = 3 senior posts, 3 filled
    expect(await unitRow().getAttribute('data-breaches')).toBe('0');
    expect(await col('approved:band:副高').innerText()).toBe('3');
  });

  it('a competition round: applicants, scores, ranking, and the winner appointed in one step', async () => {
    const { page } = h;
    await q('posts-tab-rounds').click();
    await q('round-new').click();
    await q('round-name').fill('2026年度初级岗位竞聘');
    await q('round-unit').selectOption('QH101');
    await q('round-offer-grade').selectOption('11');
    await q('round-offer-name').fill('护师');
    await q('round-create-submit').click();
    await q('round-detail').waitFor();
    for (const [no, score] of [['T105', '80'], ['T104', '90.5']] as const) {
      await q('round-add-staff').fill(no);
      await q('round-add-score').fill(score);
      await q('round-add').click();
      await page.locator(`[data-testid=round-applicant][data-staff=${no}]`).waitFor();
    }
    const winner = page.locator('[data-testid=round-applicant][data-wins=true]');
    await expect.poll(() => winner.count()).toBe(1);
    expect(await winner.getAttribute('data-staff')).toBe('T104');
    expect(await winner.locator('td').first().innerText()).toBe('1');
    await q('round-term-start').fill('2026-12-01');
    await q('round-finalise').click();
    await expect.poll(() => q('round-message').innerText()).toContain('1');
    const appts = await h.ledger.invoke('posts.appointments', { staffNo: 'T104' }, SYSTEM);
    expect(appts.map((a) => [a.grade, a.basis, a.rank])).toEqual([[11, '竞聘', 1]]);
  });

  it('ending an appointment keeps it in the history', async () => {
    const { page } = h;
    await q('posts-tab-appointments').click();
    const grid = page.locator('[data-testid=grid-appointments]');
    const row = grid.locator('.ag-row').filter({ hasText: 'T102' }).first();
    await row.waitFor();
    await row.click();
    await q('appt-end').click();
    await q('appt-end-reason').fill('调出');
    await q('appt-end-submit').click();
    await q('appt-end-form').waitFor({ state: 'detached' });
    await expect.poll(() => grid.locator('.ag-row').filter({ hasText: 'T102' }).count()).toBe(0);
    await q('appt-include-ended').check();
    // back with the ended ones (the end columns are far right, outside AG Grid's rendered columns)
    await expect.poll(() => grid.locator('.ag-row').filter({ hasText: 'T102' }).count()).toBeGreaterThan(0);
    const all = await h.ledger.invoke('posts.appointments', { staffNo: 'T102', includeEnded: true }, SYSTEM);
    expect(all).toHaveLength(1);
    expect(all[0]!.endReason).toBe('调出');
  });

  it('the staffing pool: a deposit and an allocation, with the history', async () => {
    await q('posts-tab-pool').click();
    await q('pool-kind').selectOption('deposit');
    await q('pool-amount').fill('5');
    await q('pool-doc').fill('清编〔2026〕7号');
    await q('pool-submit').click();
    await expect.poll(() => q('pool-available').innerText()).toBe('5');
    await q('pool-kind').selectOption('allocate');
    await q('pool-unit').selectOption('QH101');
    await q('pool-amount').fill('2');
    await q('pool-submit').click();
    await expect.poll(() => q('pool-available').innerText()).toBe('3');
    expect(await q('pool-allocated').innerText()).toBe('2');
    expect(await q('pool-history').locator('tbody tr').count()).toBe(2);
    expect(await q('pool-by-unit').innerText()).toContain('城关镇卫生院');
  });
});
