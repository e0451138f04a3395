import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money';
import { demoCards } from '../../renderer/screens/assets/demo-cards';
import { logIn, seedUnits, startHarness, type Harness } from './harness';

// The asset register in Chromium against the web host: log in, open 资产, see the cards and the
// totals, filter by pinyin initials, open a card with its history, record a 变动 and see it there.

let h: Harness;
const SYSTEM = { system: { actor: 'e2e' } };

const UNITS = [
  { code: 'QH001', depts: ['FSK', 'JYK', 'XXZX'] },
  { code: 'QH101', depts: ['MZ'] },
];
const CARDS = demoCards(UNITS, 60, { seed: 7, prefix: 'E2E' });
// one card the test knows by heart
CARDS.push({ ...CARDS[0]!, code: 'JHC0001', name: '救护车', classCode: 'A02030601', measureUnit: '辆', lifeMonths: 96, openingMonthsUsed: 12, openingAccumulatedFen: 4_000_000, costFen: 32_000_000, fundFiscalFen: 0, fundOwnFen: 32_000_000, unitCode: 'QH001', usingDeptCode: 'FSK', location: '车库', status: '在用' });

const grid = () => h.page.locator('[data-testid=grid-assets]');
const bodyRows = () => grid().locator('.ag-row:not(.ag-row-pinned)');
/** A cell by asset code and column (pinned columns put one row in two .ag-row elements: go by row-id, which is the asset number). */
const cell = (code: string, col: string) => grid().locator(`.ag-row[row-id="${code}"] .ag-cell[col-id=${col}]`);

beforeAll(async () => {
  h = await startHarness({
    seed: async (ledger) => {
      await seedUnits(ledger, ['QH001', 'QH101'], [
        { unitCode: 'QH001', code: 'FSK', name: '放射科' },
        { unitCode: 'QH001', code: 'JYK', name: '检验科' },
        { unitCode: 'QH001', code: 'XXZX', name: '信息中心' },
        { unitCode: 'QH101', code: 'MZ', name: '门诊部' },
      ]);
      await ledger.invoke('assets.create', { cards: CARDS as never }, SYSTEM);
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('asset register end to end', () => {
  it('logs in, opens 资产 and shows every card with the totals', async () => {
    const { page } = h;
    await logIn(h);
    await page.getByTestId('nav-assets').click();
    await bodyRows().first().waitFor();
    const cost = CARDS.reduce((s, c) => s + c.costFen, 0);
    const acc = CARDS.reduce((s, c) => s + c.openingAccumulatedFen, 0);
    await expect.poll(() => page.getByTestId('asset-totals-count').innerText()).toContain(String(CARDS.length));
    expect(await page.getByTestId('asset-total-cost').innerText()).toBe(formatMoney(cost));
    expect(await page.getByTestId('asset-total-accumulated').innerText()).toBe(formatMoney(acc));
    expect(await page.getByTestId('asset-total-net').innerText()).toBe(formatMoney(cost - acc));
    // money formatted 12,345.60
    await page.getByTestId('grid-quick-filter').fill('JHC0001');
    await expect.poll(() => cell('JHC0001', 'costFen').innerText()).toBe('320,000.00');
    expect(await cell('JHC0001', 'netFen').innerText()).toBe('280,000.00');
    await page.getByTestId('grid-quick-filter').fill('');
    await expect.poll(() => page.getByTestId('asset-totals-count').innerText()).toContain(String(CARDS.length));
  });

  it('filters by pinyin initials and the totals follow the filter', async () => {
    const { page } = h;
    const ambulances = CARDS.filter((c) => c.name === '救护车');
    await page.getByTestId('grid-quick-filter').fill('jhc');
    await expect.poll(() => bodyRows().count()).toBe(ambulances.length);
    await expect.poll(() => page.getByTestId('asset-totals-count').innerText()).toContain(String(ambulances.length));
    expect(await page.getByTestId('asset-total-cost').innerText()).toBe(formatMoney(ambulances.reduce((s, c) => s + c.costFen, 0)));
    await page.getByTestId('grid-quick-filter').fill('JHC0001');
    await expect.poll(() => bodyRows().count()).toBe(1);
  });

  it('opens the card with double-click and shows its history', async () => {
    const { page } = h;
    await cell('JHC0001', 'code').dblclick();
    const card = page.getByTestId('asset-card');
    await card.waitFor();
    await expect.poll(() => card.getByTestId('card-code').innerText()).toBe('JHC0001');
    expect(await card.getByTestId('card-cost').innerText()).toBe('320,000.00');
    expect(await card.getByTestId('card-using-dept').innerText()).toBe('放射科');
    const events = card.getByTestId('asset-event');
    await expect.poll(() => events.count()).toBe(1);
    expect(await events.first().innerText()).toContain('取得');
  });

  it('records a 变动 and shows it in the history and the register', async () => {
    const { page } = h;
    const card = page.getByTestId('asset-card');
    await card.getByTestId('asset-action-move').click();
    await card.getByTestId('move-dept').selectOption('JYK');
    await card.getByTestId('move-location').fill('医技楼二层急救站');
    await card.getByTestId('move-date').fill('2026-02-10');
    await card.getByTestId('move-doc').fill('清医资〔2026〕3号');
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.getByTestId('asset-event').count()).toBe(2);
    const latest = await card.getByTestId('asset-event').first().innerText();
    expect(latest).toContain('变动');
    expect(latest).toContain('2026-02-10');
    expect(latest).toContain('放射科 → 检验科');
    expect(latest).toContain('车库 → 医技楼二层急救站');
    expect(latest).toContain('清医资〔2026〕3号');
    expect(await card.getByTestId('card-location').innerText()).toBe('医技楼二层急救站');
    // an engine error is shown in Chinese: nothing to change
    await card.getByTestId('asset-action-move').click();
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.getByTestId('asset-action-error').innerText()).toContain('没有需要变动的内容');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await expect.poll(() => cell('JHC0001', 'usingDeptName').innerText()).toBe('检验科');
    const inLedger = await h.ledger.invoke('assets.show', { code: 'JHC0001' }, SYSTEM);
    expect(inLedger.location).toBe('医技楼二层急救站');
  });

  it('corrects 规格型号 inline through assets.edit and opens the card with Enter', async () => {
    const { page } = h;
    await page.getByTestId('grid-quick-filter').fill('JHC0001');
    await expect.poll(() => bodyRows().count()).toBeGreaterThan(0);
    await cell('JHC0001', 'model').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('全顺V362监护型');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await h.ledger.invoke('assets.show', { code: 'JHC0001' }, SYSTEM)).model).toBe('全顺V362监护型');
    await expect.poll(() => cell('JHC0001', 'model').innerText()).toBe('全顺V362监护型');
    // money is read-only in the grid
    await cell('JHC0001', 'costFen').dblclick();
    await page.getByTestId('asset-card').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('asset-card').waitFor({ state: 'detached' });
    await cell('JHC0001', 'name').click();
    await page.keyboard.press('Enter');
    const card = page.getByTestId('asset-card');
    await card.waitFor();
    await expect.poll(() => card.locator('[data-testid=asset-event][data-type=edit]').innerText()).toContain('全顺V362监护型');
    await page.keyboard.press('Escape');
  });

  it('原值变动 and 处置 show the engine\'s Chinese errors, then succeed', async () => {
    const { page } = h;
    const code = CARDS[1]!.code;
    await page.getByTestId('grid-quick-filter').fill(code);
    await expect.poll(() => bodyRows().count()).toBeGreaterThan(0);
    await cell(code, 'code').dblclick();
    const card = page.getByTestId('asset-card');
    await card.waitFor();
    await expect.poll(() => card.getByTestId('card-code').innerText()).toBe(code);
    // cost change dated after the last depreciated month + 1: refused until depreciation is run
    await card.getByTestId('asset-action-changeCost').click();
    await card.getByTestId('cost-amount').fill('1,000.50');
    await card.getByTestId('cost-reason').fill('加装配件');
    await card.getByTestId('cost-date').fill('2026-03-10');
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.getByTestId('asset-action-error').innerText()).toContain('请先计提');
    await card.getByTestId('cost-date').fill('2026-01-15');
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.locator('[data-testid=asset-event][data-type=cost-change]').count()).toBe(1);
    expect(await card.getByTestId('card-cost').innerText()).toBe(formatMoney(CARDS[1]!.costFen + 100_050));
    // disposal needs its approval number
    await card.getByTestId('asset-action-dispose').click();
    await card.getByTestId('dispose-type').selectOption('报废');
    await card.getByTestId('dispose-date').fill('2026-01-20');
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.getByTestId('asset-action-error').innerText()).not.toBe('');
    await card.getByTestId('dispose-doc').fill('清财资〔2026〕12号');
    await card.getByTestId('asset-action-submit').click();
    await expect.poll(() => card.getByTestId('card-status').innerText()).toBe('已处置');
    expect(await card.locator('[data-testid=asset-event][data-type=dispose]').innerText()).toContain('清财资〔2026〕12号');
    expect(await card.getByTestId('asset-action-move').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    expect((await h.ledger.invoke('assets.show', { code }, SYSTEM)).status).toBe('已处置');
    // the register row was replaced by the engine's: its cost shows the change
    expect(await cell(code, 'costFen').innerText()).toBe(formatMoney(CARDS[1]!.costFen + 100_050));
  });
});
