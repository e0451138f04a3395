import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../shared/api/types';
import { ADMIN, pasteText, startHarness, type Harness } from './harness';

// The spreadsheet workflow a finance-centre clerk actually does, in Chromium against the web host:
// log in, paste a block copied from Excel, hit a bad cell, undo a mistake, reload and find the data.

let h: Harness;

const SYSTEM = { system: { actor: 'e2e' } };

async function unitsInLedger(): Promise<Map<string, UnitRow>> {
  const rows = await h.ledger.invoke('units.list', {}, SYSTEM);
  return new Map(rows.map((u) => [u.code, u]));
}

const grid = () => h.page.locator('[data-testid=grid-units]');
const dataRow = (code: string) => grid().locator('.ag-row:not(.ag-row-pinned)', { has: h.page.locator(`.ag-cell[col-id=code]`, { hasText: new RegExp(`^${code}$`) }) });
const countText = () => h.page.locator('[data-testid=grid-count]').innerText();

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
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('units grid end to end', () => {
  it('logs in with the administrator account and shows the Chinese shell', async () => {
    const { page } = h;
    await page.goto(h.host.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('community-name').waitFor();
    expect(await page.getByTestId('community-name').innerText()).toContain('清河县医疗健康集团');
    const nav = await page.locator('nav, .sidebar, aside').first().innerText();
    for (const label of ['资产', '盘点', '预算', '岗位', '绩效', '对账', '报表', '设置']) expect(nav).toContain(label);
    // The launch token is not left in the address bar.
    expect(page.url()).not.toContain('token=');
  });

  it('pastes three units from an Excel TSV block as one batch', async () => {
    const { page } = h;
    await page.getByTestId('nav-units').click();
    await dataRow('QH101').waitFor();
    expect(await countText()).toContain('2');
    // Focus the "new row" line's first cell, then paste what Excel puts on the clipboard.
    await grid().locator('.ag-row-pinned .ag-cell[col-id=code]').click();
    const auditBefore = (await h.ledger.invoke('audit.list', {}, SYSTEM)).length;
    await pasteText(page, 'QH102\t河口镇卫生院\t乡镇卫生院\tQH001\r\nQH102-01\t东村卫生室\t村卫生室\tQH102\r\nQH102-02\t西村卫生室\t村卫生室\tQH102\r\n');
    await dataRow('QH102-02').waitFor();
    await expect.poll(countText).toContain('5');
    const units = await unitsInLedger();
    expect(units.get('QH102')).toMatchObject({ name: '河口镇卫生院', type: '乡镇卫生院', parentCode: 'QH001' });
    expect(units.get('QH102-01')).toMatchObject({ name: '东村卫生室', type: '村卫生室', parentCode: 'QH102' });
    expect(units.get('QH102-02')).toMatchObject({ name: '西村卫生室', parentCode: 'QH102' });
    // One paste, one batch, one audit row.
    expect((await h.ledger.invoke('audit.list', {}, SYSTEM)).length).toBe(auditBefore + 1);
  });

  it('refuses a pasted block with a bad cell whole, and marks a bad cell pasted over a row', async () => {
    const { page } = h;
    // Below the last row: the block would be inserts; one bad cell stops all of it.
    await grid().locator('.ag-row-pinned .ag-cell[col-id=code]').click();
    await pasteText(page, 'QH103\t柳林镇卫生院\t乡镇卫生院\tQH001\r\nQH103-01\t南村卫生室\t诊所\tQH103\r\n');
    await expect.poll(() => page.getByTestId('grid-status').innerText()).toContain('单位类型须为');
    expect(await page.getByTestId('grid-status').innerText()).toContain('第 2 行');
    let units = await unitsInLedger();
    expect(units.has('QH103')).toBe(false);
    expect(units.has('QH103-01')).toBe(false);
    // Over an existing row: the cell itself is marked, with the schema's message, and nothing is sent.
    await dataRow('QH101').locator('.ag-cell[col-id=type]').click();
    await pasteText(page, '诊所');
    const bad = dataRow('QH101').locator('.ag-cell[col-id=type].cell-invalid');
    await bad.waitFor();
    expect(await page.getByTestId('grid-status').innerText()).toContain('单位类型须为');
    units = await unitsInLedger();
    expect(units.get('QH101')?.type).toBe('乡镇卫生院');
  });

  it('undoes the last batch (a mistaken rename) through the engine', async () => {
    const { page } = h;
    const cell = dataRow('QH102-01').locator('.ag-cell[col-id=name]');
    await cell.dblclick();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('东村卫生室（错）');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await unitsInLedger()).get('QH102-01')?.name).toBe('东村卫生室（错）');
    await page.getByTestId('grid-undo').click();
    await expect.poll(async () => (await unitsInLedger()).get('QH102-01')?.name).toBe('东村卫生室');
    await expect.poll(() => cell.innerText()).toBe('东村卫生室');
  });

  it('shows who changed a row when an edit is based on a stale version', async () => {
    const { page } = h;
    const u = (await unitsInLedger()).get('QH102-02')!;
    // Someone else (another office) renames it after this screen loaded.
    await h.ledger.invoke('units.batch', { ops: [{ op: 'update', id: u.id, version: u.version, changes: { name: '西村卫生室（院办改）' } }] }, { system: { actor: 'wangli' } });
    const cell = dataRow('QH102-02').locator('.ag-cell[col-id=name]');
    await cell.dblclick();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('西村卫生室（我改）');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('grid-status').innerText()).toContain('system:wangli');
    expect((await unitsInLedger()).get('QH102-02')?.name).toBe('西村卫生室（院办改）');
  });

  it('finds units by pinyin initials in the quick filter', async () => {
    const { page } = h;
    // 东村卫生室 → dcwss
    await page.getByTestId('grid-quick-filter').fill('dcwss');
    await expect.poll(() => grid().locator('.ag-row:not(.ag-row-pinned) .ag-cell[col-id=name]').allInnerTexts()).toEqual(['东村卫生室']);
    expect(await countText()).toMatch(/1\D+5/);
    // Initials match across columns too: the villages under 河口镇卫生院 carry it as their parent's name.
    await page.getByTestId('grid-quick-filter').fill('hkzwsy');
    await expect.poll(async () => (await grid().locator('.ag-row:not(.ag-row-pinned) .ag-cell[col-id=code]').allInnerTexts()).sort()).toEqual(['QH102', 'QH102-01', 'QH102-02']);
    await page.getByTestId('grid-quick-filter').fill('');
  });

  it('filters the departments by unit with the toolbar unit filter', async () => {
    const { page } = h;
    await h.ledger.invoke('departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'QH001', code: 'NK', name: '内科' } }, { op: 'insert', row: { unitCode: 'QH101', code: 'QK', name: '全科' } }] } as never, SYSTEM);
    await page.getByTestId('nav-departments').click();
    const codes = () => page.locator('[data-testid=grid-departments] .ag-row:not(.ag-row-pinned) .ag-cell[col-id=unitCode]').allInnerTexts();
    await expect.poll(async () => (await codes()).sort()).toEqual(['QH001', 'QH101']);
    const filter = page.getByTestId('department-unit-filter');
    expect(await filter.locator('option').allInnerTexts()).toEqual(['全部单位', ...(await h.ledger.invoke('units.list', {}, SYSTEM)).map((u) => `${u.code} ${u.name}`)]);
    await filter.selectOption('QH101');
    await expect.poll(codes).toEqual(['QH101']);
    await filter.selectOption('');
    await expect.poll(async () => (await codes()).sort()).toEqual(['QH001', 'QH101']);
    await page.getByTestId('nav-units').click();
  });

  it('after a reload the pasted units are still there and the undone rename is not', async () => {
    const { page } = h;
    await page.reload();
    // The session survives a reload of the same tab.
    await dataRow('QH102-02').waitFor();
    expect(await dataRow('QH102-01').locator('.ag-cell[col-id=name]').innerText()).toBe('东村卫生室');
    expect(await dataRow('QH102').locator('.ag-cell[col-id=name]').innerText()).toBe('河口镇卫生院');
    expect(await countText()).toContain('5');
    // And the audit chain of everything done through the UI verifies.
    const { verifyAuditChain } = await import('../../db/engine/audit');
    expect(verifyAuditChain(h.ledger.db)).toMatchObject({ ok: true });
  });
});
