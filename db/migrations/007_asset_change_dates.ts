// Migration 7: the index of migration 6 without the acquisitions. The dated reads it serves (the
// register as of a past date, the depreciation run's holders and re-runs) look for transfers, moves
// and cost or life changes; acquisitions are one event per card, and keeping them in the index cost
// every import of 100,000 cards 100,000 inserts at random places in it. Queries that use it carry
// its condition (notAcquisition() in db/modules/assets/reports.ts) so SQLite knows it applies.
// Shipped migrations are never edited: add a new numbered file instead.
export default /* sql */ `
DROP INDEX asset_events_type_date;
CREATE INDEX asset_events_changes_by_date ON asset_events(type, effective_on) WHERE type <> 'acquire';
`;
