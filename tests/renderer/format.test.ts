import { describe, expect, it } from 'vitest';
import { parseYuanToFen } from '../../renderer/grid/columns';
import { formatFen } from '../../renderer/format';

describe('money in fen', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1234560, '12,345.60'],
    [-105, '-1.05'],
    [100000000000, '1,000,000,000.00'],
  ])('formatFen(%d) = %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
  it.each([
    ['12,345.6', 1234560],
    ['¥12,345.60', 1234560],
    ['0.1', 10],
    ['(1.05)', -105],
    ['-3', -300],
    ['1.234', undefined],
    ['abc', undefined],
  ])('parseYuanToFen(%s) = %s', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });
});
