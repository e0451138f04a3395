// Migration 4: inventory counts (盘点) and general-ledger balances for 账账核对. OWNER: counts work (issue #4).
// PLACEHOLDER — replace this comment and the SQL below with the real schema.
export default /* sql */ `
SELECT 1;
`;
