// Pure layout of the printed documents: label sheets, report pages, subtotals, and the QR symbol
// (rasterised here and decoded with jsQR, the way a scanner would read the printed label).
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import {
  A4_LANDSCAPE_REPORT,
  A4_PORTRAIT_REPORT,
  LABEL_SHEETS,
  labelOrigin,
  labelsPerPage,
  paginateLabels,
  previousPeriod,
  rowsPerPage,
  safeFileName,
  sheetExtent,
  splitPages,
  summariseRegister,
  withSubtotals,
  type RegisterDetail,
} from '../../renderer/screens/print/layout';
import { QUIET_ZONE, qrModules, qrShape } from '../../renderer/screens/print/qr';

describe('label sheets', () => {
  it.each(Object.values(LABEL_SHEETS))('$id: every label lies on the paper', (s) => {
    const { right, bottom } = sheetExtent(s);
    expect(right).toBeLessThanOrEqual(s.paperW);
    expect(bottom).toBeLessThanOrEqual(s.paperH);
    expect(s.marginTop).toBeGreaterThanOrEqual(0);
    expect(s.marginLeft).toBeGreaterThanOrEqual(0);
  });

  it('70 × 40 on A4 is 3 × 7 = 21 labels, centred vertically', () => {
    const s = LABEL_SHEETS['a4-70x40'];
    expect(labelsPerPage(s)).toBe(21);
    expect(sheetExtent(s)).toEqual({ right: 210, bottom: 288.5 }); // 8.5 mm above and below 7 × 40
    expect(labelOrigin(s, 0)).toEqual({ x: 0, y: 8.5 });
    expect(labelOrigin(s, 2)).toEqual({ x: 140, y: 8.5 });
    expect(labelOrigin(s, 3)).toEqual({ x: 0, y: 48.5 });
    expect(labelOrigin(s, 20)).toEqual({ x: 140, y: 248.5 });
    expect(labelOrigin(s, 21)).toEqual({ x: 0, y: 8.5 }); // next sheet
  });

  it('100 × 55 on A4: 2 × 5 with a 2 mm gap between columns', () => {
    const s = LABEL_SHEETS['a4-100x55'];
    expect(labelsPerPage(s)).toBe(10);
    expect(labelOrigin(s, 1)).toEqual({ x: 106, y: 11 });
    expect(labelOrigin(s, 9)).toEqual({ x: 106, y: 231 });
  });

  const items = (n: number) => Array.from({ length: n }, (_, i) => `A${i + 1}`);

  it.each([
    // items, skip, pages, blanks on the last page
    [0, 0, 0, 0],
    [1, 0, 1, 20],
    [21, 0, 1, 0],
    [22, 0, 2, 20],
    [42, 0, 2, 0],
    [43, 0, 3, 20],
    [20, 1, 1, 0], // one used slot + 20 = exactly a sheet
    [21, 1, 2, 20],
    [5, 5, 1, 11],
  ])('%i labels, %i skipped → %i sheet(s), %i blank at the end', (n, skip, pages, blanks) => {
    const out = paginateLabels(items(n), LABEL_SHEETS['a4-70x40'], skip);
    expect(out).toHaveLength(pages);
    for (const p of out) expect(p).toHaveLength(21);
    const last = out.at(-1) ?? [];
    let trailing = 0;
    while (trailing < last.length && last[last.length - 1 - trailing] === null) trailing++;
    expect(trailing).toBe(blanks);
    // order is kept and nothing is lost or doubled
    expect(out.flat().filter((x) => x !== null)).toEqual(items(n));
    // the skipped slots are the first ones
    if (pages) expect(out[0]!.slice(0, skip)).toEqual(Array(skip).fill(null));
  });

  it('skip is clamped to less than a sheet (never a blank sheet) and negative skip is none', () => {
    const clamped = paginateLabels(items(2), LABEL_SHEETS['a4-70x40'], 50);
    expect(clamped[0]!.slice(19)).toEqual([null, 'A1']); // 20 blanks, the last slot used
    expect(clamped[1]![0]).toBe('A2');
    expect(paginateLabels(items(2), LABEL_SHEETS['a4-70x40'], -3)[0]!.slice(0, 2)).toEqual(['A1', 'A2']);
    expect(paginateLabels(items(3), LABEL_SHEETS['roll-60x40'], 2)).toEqual([['A1'], ['A2'], ['A3']]);
  });
});

describe('report pages', () => {
  it('rows per page from the page geometry', () => {
    // landscape: 210 − 2×10 − 24 − 9 − 9 = 148 mm → 24 rows of 6 mm
    expect(rowsPerPage(A4_LANDSCAPE_REPORT)).toBe(24);
    // portrait: 297 − 2×12 − 30 − 9 − 9 = 225 mm → 37 rows
    expect(rowsPerPage(A4_PORTRAIT_REPORT)).toBe(37);
    expect(rowsPerPage({ ...A4_LANDSCAPE_REPORT, rowH: 500 })).toBe(1);
  });

  const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

  it.each([
    // rows, per page, reserve, page sizes
    [0, 10, 2, [0]],
    [5, 10, 2, [5]],
    [8, 10, 2, [8]],
    [9, 10, 2, [9, 0]], // totals + closing do not fit under 9 rows: own page
    [10, 10, 0, [10]],
    [10, 10, 1, [10, 0]],
    [25, 10, 2, [10, 10, 5]],
    [30, 10, 2, [10, 10, 10, 0]],
  ])('%i rows, %i a page, %i reserved → %j', (n, per, reserve, sizes) => {
    const pages = splitPages(rows(n), per, reserve);
    expect(pages.map((p) => p.length)).toEqual(sizes);
    expect(pages.flat()).toEqual(rows(n));
  });
});

describe('subtotals', () => {
  const R = (unit: string, cls: string, cost: number, acc: number): RegisterDetail => ({ unit, unitName: `单位${unit}`, class: cls, className: `类${cls}`, costFen: cost, accumulatedFen: acc, netFen: cost - acc });
  const detail = [R('QH002', 'A02010105', 600_000, 199_992), R('QH001', 'A02010105', 500_000, 100_000), R('QH001', 'A05010301', 80_000, 0), R('QH001', 'A02010105', 650_033, 8_333)];

  it('summarises the register by unit × class, ordered by codes', () => {
    expect(summariseRegister(detail).map((r) => [r.unit, r.class, r.assets, r.costFen, r.accumulatedFen, r.netFen])).toEqual([
      ['QH001', 'A02010105', 2, 1_150_033, 108_333, 1_041_700],
      ['QH001', 'A05010301', 1, 80_000, 0, 80_000],
      ['QH002', 'A02010105', 1, 600_000, 199_992, 400_008],
    ]);
  });

  it('each unit gets a subtotal line and the grand total adds up in fen', () => {
    const { lines, total } = withSubtotals(summariseRegister(detail), (r) => r.unit, (r) => r.unitName, ['assets', 'costFen', 'accumulatedFen', 'netFen']);
    expect(lines.map((l) => (l.kind === 'row' ? `${l.row.unit}/${l.row.class}` : `小计 ${l.label} ${l.count} ${l.sums.costFen}`))).toEqual([
      'QH001/A02010105',
      'QH001/A05010301',
      '小计 单位QH001 2 1230033',
      'QH002/A02010105',
      '小计 单位QH002 1 600000',
    ]);
    expect(total).toEqual({ count: 3, sums: { assets: 4, costFen: 1_830_033, accumulatedFen: 308_325, netFen: 1_521_708 } });
  });

  it('an empty report has no lines and zero totals', () => {
    expect(withSubtotals([] as RegisterDetail[], (r) => r.unit, (r) => r.unit, ['costFen'])).toEqual({ lines: [], total: { count: 0, sums: { costFen: 0 } } });
  });
});

describe('small helpers', () => {
  it.each([
    ['2026-03-15', '2026-02'],
    ['2026-01-01', '2025-12'],
    ['2026-12-31', '2026-11'],
  ])('previousPeriod(%s) = %s', (d, p) => expect(previousPeriod(d)).toBe(p));

  it.each([
    ['资产标签 2026-03-01', '资产标签 2026-03-01.pdf'],
    ['a/b\\c:d*e?"f<g>h|', 'a_b_c_d_e__f_g_h_.pdf'],
    ['  ', '打印.pdf'],
    ['卡片.PDF', '卡片.PDF'],
  ])('safeFileName(%j) = %j', (name, out) => expect(safeFileName(name)).toBe(out));
});

/** Rasterise the label's QR path the way the printer does: `scale` px per module, white quiet zone. */
function rasterise(text: string, scale = 4): { data: Uint8ClampedArray; width: number; height: number } {
  const m = qrModules(text);
  const box = m.length + 2 * QUIET_ZONE;
  const w = box * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  // draw from the SVG path (what is printed), not from the matrix, so a wrong path fails here
  const { path } = qrShape(text);
  for (const run of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, len] = [Number(run[1]), Number(run[2]), Number(run[3])];
    for (let py = y * scale; py < (y + 1) * scale; py++) {
      for (let px = x * scale; px < (x + len) * scale; px++) {
        const i = (py * w + px) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, width: w, height: w };
}

describe('QR symbol of an asset label', () => {
  it.each(['QHZC-000123', 'JHC0001', 'A02010105/2019.003', 'x'])('%s decodes back to the asset number', (code) => {
    const img = rasterise(code);
    expect(jsQR(img.data, img.width, img.height)?.data).toBe(code);
  });

  it('the path covers exactly the dark modules', () => {
    const m = qrModules('QHZC-000123');
    const dark = m.flat().filter(Boolean).length;
    const { path, size, box } = qrShape('QHZC-000123');
    expect(size).toBe(m.length);
    expect(box).toBe(size + 8);
    const covered = [...path.matchAll(/h(\d+)v1/g)].reduce((s, r) => s + Number(r[1]), 0);
    expect(covered).toBe(dark);
  });

  it('a different number gives a different symbol', () => {
    expect(qrShape('QHZC-000123').path).not.toBe(qrShape('QHZC-000124').path);
  });
});
