import { describe, expect, it } from 'vitest';
import { MESSAGES, isMessageKey, msg } from '../../shared/i18n/messages';
import { LedgerError, isLedgerErrorJSON, toErrorJSON } from '../../shared/errors';

describe('msg', () => {
  it.each([
    ['v.required', 'zh', '必填'],
    ['v.required', 'en', 'Required'],
    ['v.password', 'zh', '密码至少 8 位'],
    ['v.unitType', 'en', 'Unit type must be one of 牵头医院, 县级医院, 乡镇卫生院, 社区卫生服务中心, 村卫生室, 其他'],
  ] as const)('%s in %s', (key, lang, expected) => {
    expect(msg(key, lang)).toBe(expected);
  });

  it('defaults to Chinese', () => {
    expect(msg('v.tooLong')).toBe('内容过长');
  });

  it('passes a sentence that is not a key through unchanged', () => {
    expect(msg('单位编码 X 已被使用')).toBe('单位编码 X 已被使用');
    expect(msg('v.nope')).toBe('v.nope');
  });

  it('does not treat inherited object properties as keys', () => {
    expect(isMessageKey('toString')).toBe(false);
    expect(msg('toString')).toBe('toString');
    expect(msg('__proto__')).toBe('__proto__');
  });

  it('every message has both languages, and the Chinese one is Chinese', () => {
    for (const [key, m] of Object.entries(MESSAGES)) {
      expect(m.zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en.length, key).toBeGreaterThan(0);
    }
  });
});

describe('errors', () => {
  it('LedgerError round-trips through JSON', () => {
    const e = new LedgerError('CONFLICT', '已被 admin 修改', { params: { by: 'admin' }, details: [{ row: 2, field: 'code', message: 'x' }] });
    const json = JSON.parse(JSON.stringify(e.toJSON()));
    expect(isLedgerErrorJSON(json)).toBe(true);
    const back = LedgerError.fromJSON(json);
    expect(back.code).toBe('CONFLICT');
    expect(back.key).toBe('error.CONFLICT');
    expect(back.details).toEqual([{ row: 2, field: 'code', message: 'x' }]);
  });

  it('anything else becomes INTERNAL without leaking internals', () => {
    const json = toErrorJSON(new TypeError('secret stack /home/x'));
    expect(json.code).toBe('INTERNAL');
    expect(JSON.stringify(json)).not.toContain('secret');
  });
});
