import { beforeAll, describe, expect, it } from 'vitest';
import { loadPinyin, PinyinIndex, pinyinSearchText } from '../../renderer/grid/pinyin';

describe('pinyin search text', () => {
  beforeAll(() => loadPinyin());
  it('adds full pinyin and initials', () => {
    expect(pinyinSearchText('乡镇卫生院')).toBe('乡镇卫生院 xiangzhenweishengyuan xzwsy');
  });
  it('leaves text without Chinese alone (lower-cased)', () => {
    expect(pinyinSearchText('QH001')).toBe('qh001');
  });
  it('indexes a row once per version', () => {
    let calls = 0;
    const idx = new PinyinIndex<{ id: string; version: number; name: string }>((r) => {
      calls += 1;
      return [[r.name, true]];
    });
    const row = { id: 'a', version: 1, name: '城关镇卫生院' };
    expect(idx.get(row)).toContain('cgzwsy');
    idx.get({ ...row });
    expect(calls).toBe(1);
    expect(idx.get({ ...row, version: 2, name: '东关镇卫生院' })).toContain('dgzwsy');
    expect(calls).toBe(2);
  });
  it('a row changed in place without a new version is read again after forget()', () => {
    const idx = new PinyinIndex<{ id: string; version?: number; name: string }>((r) => [[r.name, true]]);
    const row = { id: 'b', name: '城关镇卫生院' };
    expect(idx.get(row)).toContain('cgzwsy');
    row.name = '河口镇卫生院';
    expect(idx.get(row)).toContain('cgzwsy'); // cached: nothing said it changed
    idx.forget(row);
    expect(idx.get(row)).toContain('hkzwsy');
    // Two indexes over the same rows keep their own texts.
    const other = new PinyinIndex<{ id: string; version?: number; name: string }>((r) => [[`${r.name}X`, false]]);
    expect(other.get(row)).toBe('河口镇卫生院x');
    expect(idx.get(row)).toContain('hkzwsy');
  });
});
