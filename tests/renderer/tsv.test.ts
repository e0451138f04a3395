import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from '../../renderer/grid/tsv';

describe('parseTsv (Excel clipboard)', () => {
  it('splits tabs and CRLF rows and drops the trailing line break', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  it('accepts LF and lone CR line ends', () => {
    expect(parseTsv('a\nb\rc')).toEqual([['a'], ['b'], ['c']]);
  });
  it('keeps a single cell without line break', () => {
    expect(parseTsv('QH001')).toEqual([['QH001']]);
  });
  it('returns nothing for empty text', () => {
    expect(parseTsv('')).toEqual([]);
  });
  it('keeps empty cells, leading and trailing', () => {
    expect(parseTsv('\tb\t\r\n\t\t\r\n')).toEqual([
      ['', 'b', ''],
      ['', '', ''],
    ]);
  });
  it('unquotes cells with embedded line breaks, tabs and doubled quotes', () => {
    expect(parseTsv('"多行\n名称"\t"a\tb"\t"say ""hi"""\r\nx\ty\tz\r\n')).toEqual([
      ['多行\n名称', 'a\tb', 'say "hi"'],
      ['x', 'y', 'z'],
    ]);
  });
  it('takes a quote that does not wrap the whole cell literally', () => {
    expect(parseTsv('5" 显示器\t"半"引号\r\n')).toEqual([['5" 显示器', '"半"引号']]);
  });
  it('keeps an empty line in the middle as an empty row', () => {
    expect(parseTsv('a\r\n\r\nb\r\n')).toEqual([['a'], [''], ['b']]);
  });
  it('round-trips with toTsv', () => {
    const rows = [
      ['QH001', '清河县人民医院', '牵头医院'],
      ['多\n行', 'tab\there', '"quoted"'],
    ];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });
});
