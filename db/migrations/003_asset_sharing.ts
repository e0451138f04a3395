// Migration 3: shared use of equipment between member units (共享共用) and the idle-asset pool
// (调剂共享), DOMAIN §3.4. Shipped migrations are never edited: add a new numbered file instead.
//
// A share lends a card to another member unit for a period; the card stays on the lending unit's
// books (assets.unit_id does not change) and carries status 出租出借 while lent, with 'share-start'
// and 'share-end' events in asset_events. Usage records count what the borrower used (in the
// share's unit: 次 / 小时 / 人次, stored as integer hundredths) and the fee, if the share has a rate.
// Requests are a member unit asking for an idle card; an asset manager turns one into a transfer
// (assets.transfer) or a share in one step.
export default /* sql */ `
CREATE TABLE asset_shares (
  id                TEXT PRIMARY KEY,
  share_no          TEXT NOT NULL UNIQUE COLLATE NOCASE,      -- 共享编号, e.g. GX2026-0001
  asset_id          TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  lender_unit_id    TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,   -- the owner, whose books keep the card
  borrower_unit_id  TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  borrower_dept_id  TEXT REFERENCES departments(id) ON DELETE RESTRICT,      -- 使用科室 at the borrower
  starts_on         TEXT NOT NULL,
  until_on          TEXT,                                     -- agreed end (协议截止), NULL = open-ended
  ended_on          TEXT,                                     -- actual return date
  status            TEXT NOT NULL CHECK (status IN ('active','ended')),
  doc_no            TEXT,                                     -- 协议/文件号
  usage_unit        TEXT NOT NULL DEFAULT '次' CHECK (usage_unit IN ('次','小时','人次')),
  fee_rate_fen      INTEGER NOT NULL DEFAULT 0 CHECK (fee_rate_fen >= 0),   -- fee per usage unit; 0 = 无偿
  status_before     TEXT NOT NULL,                            -- the card's status when lent, put back on return
  request_id        TEXT,                                     -- the pool request it came from, if any
  notes             TEXT,
  end_note          TEXT,
  created_at        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  updated_by        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  CHECK (lender_unit_id <> borrower_unit_id),
  CHECK (until_on IS NULL OR until_on >= starts_on),
  CHECK (ended_on IS NULL OR ended_on >= starts_on),
  CHECK ((status = 'ended') = (ended_on IS NOT NULL))
) STRICT;
CREATE INDEX asset_shares_asset ON asset_shares(asset_id, starts_on);
CREATE INDEX asset_shares_lender ON asset_shares(lender_unit_id, status);
CREATE INDEX asset_shares_borrower ON asset_shares(borrower_unit_id, status);
-- At most one active share per card.
CREATE UNIQUE INDEX asset_shares_one_active ON asset_shares(asset_id) WHERE status = 'active';

CREATE TABLE asset_share_usage (
  id                TEXT PRIMARY KEY,
  share_id          TEXT NOT NULL REFERENCES asset_shares(id) ON DELETE RESTRICT,
  asset_id          TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  used_on           TEXT NOT NULL,
  amount_hundredths INTEGER NOT NULL CHECK (amount_hundredths > 0),   -- in the share's usage_unit × 100
  patients          INTEGER CHECK (patients IS NULL OR patients >= 0),  -- 服务人次, when counted
  fee_fen           INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
  note              TEXT,
  recorded_at       TEXT NOT NULL,
  recorded_by       TEXT NOT NULL,
  -- A wrong record is voided (kept, with who and why), never deleted.
  voided_at         TEXT,
  voided_by         TEXT,
  void_reason       TEXT
) STRICT;
CREATE INDEX asset_share_usage_share ON asset_share_usage(share_id, used_on);
CREATE INDEX asset_share_usage_date ON asset_share_usage(used_on);

CREATE TABLE asset_requests (
  id                  TEXT PRIMARY KEY,
  asset_id            TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  requesting_unit_id  TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  requesting_dept_id  TEXT REFERENCES departments(id) ON DELETE RESTRICT,
  kind                TEXT NOT NULL CHECK (kind IN ('transfer','share')),   -- what the unit asks for: 调入 or 共享使用
  wanted_from         TEXT,
  wanted_until        TEXT,
  reason              TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','withdrawn')),
  decided_as          TEXT CHECK (decided_as IN ('transfer','share')),
  decided_on          TEXT,
  decided_by          TEXT,
  decision_note       TEXT,
  share_id            TEXT REFERENCES asset_shares(id) ON DELETE RESTRICT,
  created_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  updated_by          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX asset_requests_asset ON asset_requests(asset_id, status);
CREATE INDEX asset_requests_unit ON asset_requests(requesting_unit_id, status);
-- One open request per card and unit.
CREATE UNIQUE INDEX asset_requests_one_pending ON asset_requests(asset_id, requesting_unit_id) WHERE status = 'pending';
`;
