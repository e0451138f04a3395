import { describe, expect, it } from 'vitest';
import { seedCountDemo } from '../../db/modules/counts/demo';
import { freshLedger, ok, seedOrg } from './helpers';

describe('seedCountDemo', () => {
  it('creates one count in progress with shortages, differences, repeated scans and found items', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const cards = Array.from({ length: 80 }, (_, i) => ({
      code: `T01-${String(i + 1).padStart(4, '0')}`,
      name: '台式计算机',
      classCode: 'A02010105',
      bookedOn: '2025-06-01',
      costFen: 500000 + i,
      lifeMonths: 72,
      unitCode: i < 70 ? 'T01' : 'T02',
      location: `门诊楼${101 + (i % 6)}`,
      userName: `医生${i % 9}`,
    }));
    await ok(f.ledger, f.admin, 'assets.create', { cards });
    const r = await seedCountDemo(f.ledger, { today: '2026-03-31' });
    expect(r.unitCode).toBe('T01');
    expect(r.expected).toBe(70);
    expect(r.counted).toBeGreaterThan(40);
    expect(r.counted).toBeLessThan(70);
    const rec = await ok(f.ledger, f.admin, 'counts.reconcile', { id: r.no });
    expect(rec.shortage).toBeGreaterThan(0);
    expect(rec.locationDiffers + rec.userDiffers + rec.statusDiffers).toBeGreaterThan(0);
    expect(rec.surplus).toBe(r.surplus);
    expect(rec.surplusItems.some((s) => s.code === 'ZC-UNKNOWN-0417' && s.source === 'scan')).toBe(true);
    expect(f.ledger.db.prepare("SELECT count(*) FROM count_scans WHERE kind = 'duplicate'").pluck().get()).toBeGreaterThanOrEqual(0);
  });
});
