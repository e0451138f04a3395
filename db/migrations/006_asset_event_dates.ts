// Migration 6: an index on the asset events' type and effective date. The register as of a past
// date undoes the transfers and cost changes dated after it; without the index that read scanned
// every event of every card (100,000 acquisitions and more) to find the few dozen that matter.
// Shipped migrations are never edited: add a new numbered file instead.
export default /* sql */ `
CREATE INDEX asset_events_type_date ON asset_events(type, effective_on);
`;
