import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_BAD, SAMPLE_GOOD, sampleRegister } from '../../renderer/screens/assets/import-sample';
import { logIn, seedUnits, startHarness, type Harness } from './harness';

// 资产 › 导入 in Chromium against the web host: choose the unit and the opening period, upload a
// messy register, see the preview with every rejected row (row, column, reason), see that
// "import all" is refused, download the sheet with its 错误说明 column, import only the valid rows,
// then download the rows that were not imported. A larger streamed sheet shows progress.

let h: Harness;
const SYSTEM = { system: { actor: 'e2e' } };
const dialog = () => h.page.getByTestId('asset-import-dialog');

beforeAll(async () => {
  h = await startHarness({
    seed: async (ledger) => {
      await seedUnits(ledger, ['QH001', 'QH101'], [
        { unitCode: 'QH001', code: 'CSK', name: '超声科' },
        { unitCode: 'QH001', code: 'JYK', name: '检验科' },
      ]);
    },
  });
  const { page } = h;
  await logIn(h);
  await page.getByTestId('nav-assets').click();
  await page.getByTestId('asset-import-button').waitFor();
});

afterAll(async () => {
  await h?.close();
});

async function loadXlsx(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

describe('asset import preview', () => {
  it('previews a messy register: counts, the rows to import, every rejected row with row/column/reason; import all is refused', async () => {
    const { page } = h;
    const file = path.join(h.dir, '清河县人民医院固定资产明细账.xlsx');
    fs.writeFileSync(file, await sampleRegister({ unitName: '清河县人民医院', depts: ['超声科', '检验科'] }));
    await page.getByTestId('asset-import-button').click();
    await dialog().waitFor();
    await page.getByTestId('asset-import-unit').selectOption('QH001');
    await page.getByTestId('asset-import-opening').fill('2025-12');
    await page.getByTestId('asset-import-input').setInputFiles(file);
    await page.getByTestId('asset-import-summary').waitFor();
    expect(await page.getByTestId('asset-import-would').innerText()).toBe(`可导入 ${SAMPLE_GOOD} 行`);
    expect(await page.getByTestId('asset-import-rejected-count').innerText()).toBe(`${SAMPLE_BAD.length} 行有问题（共 5 处）`);
    const rejected = page.getByTestId('asset-import-rejected');
    const lines = async () =>
      rejected.locator('.ag-row').evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
          .map((r) => ['row', 'column', 'message'].map((c) => r.querySelector(`[col-id=${c}]`)?.textContent ?? '')),
      );
    await expect.poll(async () => (await lines()).length).toBe(5);
    const got = await lines();
    expect(got.map(([row, column]) => [Number(row), column])).toEqual(SAMPLE_BAD.flatMap((b) => b.columns.map((c) => [b.row, c])));
    expect(got[0]![2]).toBe('金额格式不正确：壹万贰仟元（请填写阿拉伯数字）');
    expect(got[1]![2]).toBe('日期不正确：2023-02-30（2023年2月只有28天）');
    expect(got[2]![2]).toContain('康复科');
    expect(got[3]![2]).toContain('封存');
    // the first rows to be imported, amounts in yuan
    const preview = page.getByTestId('asset-import-preview');
    await expect.poll(() => preview.locator('.ag-row').count()).toBe(SAMPLE_GOOD);
    expect(await preview.locator('.ag-row[row-index="0"] [col-id=costFen]').innerText()).toBe('1,280,000.00');
    expect(await preview.locator('.ag-row[row-index="1"] [col-id=costFen]').innerText()).toBe('865,000.00');
    // all-or-nothing is not possible with rejected rows
    expect(await page.getByTestId('asset-import-all').isDisabled()).toBe(true);
    expect(await page.getByTestId('asset-import-valid').isEnabled()).toBe(true);
    expect(await h.ledger.invoke('assets.list', {}, SYSTEM)).toHaveLength(0);
  });

  it('downloads the original sheet with a 错误说明 column', async () => {
    const { page } = h;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('asset-import-download').click()]);
    expect(download.suggestedFilename()).toBe('清河县人民医院固定资产明细账-错误说明.xlsx');
    const saved = path.join(h.dir, 'errors.xlsx');
    await download.saveAs(saved);
    const ws = await loadXlsx(saved);
    expect(ws.getCell('A1').value).toBe('清河县人民医院固定资产明细账');
    expect(ws.getCell('O3').value).toBe('错误说明');
    expect(ws.getCell('O4').value).toBeNull();
    expect(ws.getCell('O6').value).toBe('账面原值：金额格式不正确：壹万贰仟元（请填写阿拉伯数字）');
    expect(String(ws.getCell('O10').value)).toMatch(/^使用部门：.*；使用状态：/);
  });

  it('imports only the valid rows, shows them in the register, and offers the rows left out', async () => {
    const { page } = h;
    await page.getByTestId('asset-import-valid').click();
    await expect.poll(() => page.getByTestId('asset-import-done').innerText()).toContain(`已导入 ${SAMPLE_GOOD} 行，${SAMPLE_BAD.length} 行未导入`);
    const cards = await h.ledger.invoke('assets.list', {}, SYSTEM);
    expect(cards.map((c) => c.code)).toEqual(['QY-0001', 'QY-0002', 'QY-0004', 'QY-0006', 'QY-0008', 'QY-0010']);
    expect(cards.find((c) => c.code === 'QY-0001')).toMatchObject({ unitCode: 'QH001', usingDeptCode: 'CSK', costFen: 128_000_000, accumulatedFen: 58_666_667 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('asset-import-download-rest').click()]);
    const saved = path.join(h.dir, 'rest.xlsx');
    await download.saveAs(saved);
    const ws = await loadXlsx(saved);
    expect(ws.rowCount).toBe(3 + SAMPLE_BAD.length);
    expect(ws.getCell('B4').value).toBe('QY-0003');
    expect(String(ws.getCell('O4').value)).toMatch(/^第 6 行：账面原值：/);
    await page.getByTestId('asset-import-close').click();
    await dialog().waitFor({ state: 'detached' });
    // pinned columns put one grid row in several .ag-row elements: count distinct row ids
    const gridRows = () => page.locator('[data-testid=grid-assets] .ag-row:not(.ag-row-pinned)').evaluateAll((rows) => new Set(rows.map((r) => r.getAttribute('row-id'))).size);
    await expect.poll(gridRows).toBe(SAMPLE_GOOD);
  });

  it('shows progress while a large sheet is read, and the page stays live', async () => {
    const { page } = h;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(h.dir, 'big.xlsx') });
    const ws = wb.addWorksheet('资产');
    ws.addRow(['资产编号', '资产名称', '分类代码', '原值', '入账日期', '使用部门']).commit();
    for (let i = 1; i <= 30_000; i++) ws.addRow([`BIG-${String(i).padStart(6, '0')}`, '办公椅', 'A05010301', 500 + (i % 300), '2024-03-01', i % 2 ? '超声科' : '检验科']).commit();
    ws.commit();
    await wb.commit();
    await page.getByTestId('asset-import-button').click();
    await dialog().waitFor();
    await page.getByTestId('asset-import-unit').selectOption('QH001');
    // While the engine works the page keeps painting: count animation frames across the check.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number };
      w.__frames = 0;
      const tick = () => {
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.getByTestId('asset-import-input').setInputFiles(path.join(h.dir, 'big.xlsx'));
    const progress = page.getByTestId('asset-import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.innerText(), { timeout: 60_000 }).toMatch(/已读取 [\d,]+ 行/);
    const frames0 = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
    await page.getByTestId('asset-import-summary').waitFor({ timeout: 120_000 });
    const frames1 = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
    expect(frames1).toBeGreaterThan(frames0);
    expect(await page.getByTestId('asset-import-would').innerText()).toBe('可导入 30,000 行');
    expect(await page.getByTestId('asset-import-all').isEnabled()).toBe(true);
    await page.getByTestId('asset-import-cancel').click();
    expect(await h.ledger.invoke('assets.list', {}, SYSTEM)).toHaveLength(SAMPLE_GOOD);
  });
});
