import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, toChineseCapitals } from '../../shared/money';
import { demoCards } from '../../renderer/screens/assets/demo-cards';
import { logIn, seedUnits, startHarness, type Harness } from './harness';

// Printing in Chromium against the web host: QR-code label sheets from the register (the QR images
// decode to the asset numbers), the printed asset card, and a paginated report; each also
// printed to PDF with the CSS page size (page.pdf, what the desktop's printToPDF does).

let h: Harness;
const SYSTEM = { system: { actor: 'e2e' } };
const COMMUNITY = '清河县医疗健康集团';

const UNITS = [
  { code: 'QH001', depts: ['FSK', 'JYK'] },
  { code: 'QH101', depts: ['MZ'] },
];
const CARDS = demoCards(UNITS, 40, { seed: 5, prefix: 'PRT' });
const TOWNSHIP = CARDS.filter((c) => c.unitCode === 'QH101');

const grid = () => h.page.locator('[data-testid=grid-assets]');
const bodyRows = () => grid().locator('.ag-row:not(.ag-row-pinned)');

/** PDF pages as Chromium writes them (one `/Type /Page` object per page). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

beforeAll(async () => {
  h = await startHarness({
    seed: async (ledger) => {
      await seedUnits(ledger, ['QH001', 'QH101'], [
        { unitCode: 'QH001', code: 'FSK', name: '放射科' },
        { unitCode: 'QH001', code: 'JYK', name: '检验科' },
        { unitCode: 'QH101', code: 'MZ', name: '门诊部' },
      ]);
      await ledger.invoke('assets.create', { cards: CARDS as never }, SYSTEM);
    },
  });
  const { page } = h;
  await logIn(h);
  await page.getByTestId('nav-assets').click();
  await bodyRows().first().waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe('printing', () => {
  it('prints QR-code labels for the filtered cards: texts, decodable QR codes, A4 sheets of 21', async () => {
    const { page } = h;
    expect(TOWNSHIP.length).toBeGreaterThan(1);
    await page.getByTestId('asset-unit-filter').selectOption('城关镇卫生院');
    await expect.poll(() => page.getByTestId('asset-totals-count').innerText()).toContain(String(TOWNSHIP.length));
    await page.getByTestId('asset-print-labels').click();
    const preview = page.getByTestId('print-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('print-scope').inputValue()).toBe('filtered');
    const labels = preview.getByTestId('asset-label');
    await expect.poll(() => labels.count()).toBe(TOWNSHIP.length);
    expect(await preview.getByTestId('label-page').count()).toBe(Math.ceil(TOWNSHIP.length / 21));

    const byCode = new Map(TOWNSHIP.map((c) => [c.code, c]));
    const codes = await labels.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(new Set(codes)).toEqual(new Set(byCode.keys()));
    for (let i = 0; i < Math.min(3, TOWNSHIP.length); i++) {
      const label = labels.nth(i);
      const code = codes[i]!;
      const card = byCode.get(code)!;
      expect(await label.getByTestId('label-code').innerText()).toBe(code);
      expect(await label.getByTestId('label-name').innerText()).toBe(card.name);
      expect(await label.getByTestId('label-unit').innerText()).toContain('城关镇卫生院');
      expect(await label.getByTestId('label-community').innerText()).toBe(COMMUNITY);
      expect(await label.innerText()).toContain(card.bookedOn);
      expect(await label.getByTestId('label-qr').getAttribute('data-qr')).toBe(code);
    }

    // a scanner reads the printed QR code: screenshot it as rendered and decode it
    const qr = labels.first().getByTestId('label-qr');
    const png = PNG.sync.read(await qr.screenshot({ scale: 'device' }));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(codes[0]);

    // the printed document: A4 portrait, one PDF page per sheet
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(Math.ceil(TOWNSHIP.length / 21));

    // skipping used positions on a partly used sheet moves the labels
    await preview.getByTestId('print-skip').fill('20');
    await expect.poll(() => preview.getByTestId('label-page').count()).toBe(Math.ceil((TOWNSHIP.length + 20) / 21));
    // the label printer's roll: one label a page
    await preview.getByTestId('print-sheet').selectOption('roll-60x40');
    await expect.poll(() => preview.getByTestId('label-page').count()).toBe(TOWNSHIP.length);
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).toBe(TOWNSHIP.length);

    await preview.getByTestId('print-close').click();
    await preview.waitFor({ state: 'detached' });
    await page.getByTestId('asset-unit-filter').selectOption('');
  });

  it('prints the selected card as a 固定资产卡片 with its figures, capitals and history', async () => {
    const { page } = h;
    const card = CARDS.find((c) => c.unitCode === 'QH001')!;
    await page.getByTestId('grid-quick-filter').fill(card.code);
    await expect.poll(() => bodyRows().count()).toBe(1);
    await grid().locator('.ag-row .ag-cell[col-id=code]').first().click();
    await page.getByTestId('asset-print-card').click();
    const preview = page.getByTestId('print-preview');
    const sheet = preview.getByTestId('card-sheet');
    await sheet.waitFor();
    expect(await preview.getByTestId('print-scope').inputValue()).toBe('selected');
    expect(await sheet.count()).toBe(1);
    expect(await sheet.getAttribute('data-code')).toBe(card.code);
    const text = await sheet.innerText();
    expect(text).toContain('固定资产卡片');
    expect(text).toContain(card.name);
    expect(text).toContain(`人民币${toChineseCapitals(card.costFen)}`);
    expect(text).toContain('资产管理员');
    expect(text).toContain('财务负责人');
    expect(await sheet.getByTestId('card-print-cost').innerText()).toBe(formatMoney(card.costFen));
    expect(await sheet.getByTestId('card-print-net').innerText()).toBe(formatMoney(card.costFen - card.openingAccumulatedFen));
    expect(await sheet.getByTestId('card-print-event').count()).toBeGreaterThanOrEqual(1);
    expect(await sheet.getByTestId('card-qr').getAttribute('data-qr')).toBe(card.code);
    // one A4 page for a card with a short history
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(1);
    await preview.getByTestId('print-close').click();
    await page.getByTestId('grid-quick-filter').fill('');
  });

  it('prints the register report with page numbers and totals on A4 landscape', async () => {
    const { page } = h;
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-mode').selectOption('detail');
    await page.getByTestId('report-run').click();
    await page.getByTestId('report-table').waitFor();
    const report = await h.ledger.invoke('reports.register', { asOf: await page.getByTestId('report-asof').inputValue() }, SYSTEM);
    expect(report.rows).toHaveLength(CARDS.length);
    expect(await page.getByTestId('report-total').innerText()).toContain(formatMoney(report.totals.costFen));
    await page.getByTestId('report-print').click();
    const pages = page.getByTestId('report-page');
    await pages.first().waitFor();
    // 40 cards + 2 unit subtotals = 42 lines at 24 a page, then totals and the closing block
    const n = await pages.count();
    expect(n).toBe(2);
    for (let i = 0; i < n; i++) {
      expect(await pages.nth(i).getByTestId('report-page-no').innerText()).toBe(`第 ${i + 1} 页 共 ${n} 页`);
      // the table header is repeated on every page
      expect(await pages.nth(i).locator('thead th').first().innerText()).toBe('资产编号');
      expect(await pages.nth(i).innerText()).toContain(`编制单位：${COMMUNITY}`);
    }
    const last = await pages.nth(n - 1).innerText();
    expect(last).toContain('合计');
    expect(last).toContain(formatMoney(report.totals.netFen));
    expect(last).toContain(toChineseCapitals(report.totals.costFen));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdfPages(pdf)).toBe(n);
    await page.getByTestId('print-close').click();
  });
});
