// Migration 5: staff register, post catalogue, quotas and caps, appointments, competition rounds. OWNER: posts work (issue #5).
// PLACEHOLDER — replace this comment and the SQL below with the real schema.
export default /* sql */ `
SELECT 1;
`;
