import { describe, expect, it } from 'vitest';
import { SAMPLE_BAD, SAMPLE_GOOD, sampleRegister } from '../../renderer/screens/assets/import-sample';
import { freshLedger, ok, seedOrg } from './helpers';

// The sample register the import's end-to-end test and screenshot use: it must reject exactly
// the rows and columns it claims to, or the e2e test would check the wrong thing.
describe('the import sample register', () => {
  it('rejects exactly SAMPLE_BAD and imports the rest', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'L01', code: 'FSK', name: '放射科' } }] });
    const bytes = await sampleRegister({ unitName: '县人民医院', depts: ['内科', '放射科'] });
    const r = await ok(f.ledger, f.admin, 'assets.import', { fileName: 's.xlsx', base64: bytes.toString('base64'), unitCode: 'L01', openingPeriod: '2025-12', dryRun: true });
    expect(r.rejected.map((d) => [d.row, d.column])).toEqual(SAMPLE_BAD.flatMap((b) => b.columns.map((c) => [b.row, c])));
    expect(r.imported).toBe(SAMPLE_GOOD);
  });
});
