// Migration 3: shared use of equipment between member units (共享共用) and the idle-asset pool. OWNER: asset-sharing work.
// PLACEHOLDER — replace this comment and the SQL below with the real schema.
export default /* sql */ `
SELECT 1;
`;
