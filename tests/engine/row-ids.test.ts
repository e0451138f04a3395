import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../db/engine/rows';

// Row ids are UUIDv7 (RFC 9562) so that ids made one after the other sort one after the other
// (an import appends to the end of its indexes instead of writing all over them).
const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7 row ids', () => {
  it('have the RFC 9562 layout: 48-bit milliseconds, version 7, variant 10', () => {
    const id = uuidV7(Date.UTC(2026, 10, 29, 9, 30));
    expect(id).toMatch(FORMAT);
    // 2026-11-29T09:30:00Z = 1795944600000 ms = 0x01a226a3d1c0
    expect(id.slice(0, 13)).toBe((1795944600000).toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-'));
  });

  it('sort in the order they were made, within one millisecond and when the clock steps back', () => {
    const t = Date.UTC(2030, 0, 1);
    const ids = [...Array.from({ length: 6000 }, () => uuidV7(t)), uuidV7(t - 5000), uuidV7(t + 10_000)];
    for (const id of ids) expect(id).toMatch(FORMAT);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
