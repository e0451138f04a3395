// Migration 4: inventory counts (资产清查/盘点, DOMAIN §3.5) and general-ledger balances for 账账核对.
// Shipped migrations are never edited: add a new numbered file instead.
//
// A count has a scope (one unit, optionally narrowed to departments, locations and classes) and a
// reference date. Its expected list (`count_expected`) is a snapshot of the book taken when the
// count is created, so later changes to the cards do not move the target. Counters record results
// from several machines: every scan is kept (`count_scans`, with the time it was made, flagged when
// it repeats an earlier one), the latest result per expected asset is in `count_results`, and items
// found that are not on the book (盘盈, or an unknown code scanned) are in `count_found`.
// Resolutions (`count_resolutions`) are the booked outcome: a shortage to pending loss (1902) and
// then its write-off after approval, a surplus card created through 1902 and its approval, and the
// location/user/status differences applied to the cards; each one names its accounting lines.
// `gl_balances` holds the balances of 1601/1602/1701/1702 imported from the accounting software,
// per unit and month, on each account's normal side (debit for 1601/1701, credit for 1602/1702).
export default /* sql */ `
CREATE TABLE counts (
  id              TEXT PRIMARY KEY,
  count_no        TEXT NOT NULL UNIQUE COLLATE NOCASE,          -- 盘点编号, e.g. PD2026-0001
  name            TEXT NOT NULL,
  unit_id         TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  -- Narrowing of the scope inside the unit: JSON arrays of department codes, locations and class-code prefixes ([] = all).
  dept_codes      TEXT NOT NULL DEFAULT '[]',
  locations       TEXT NOT NULL DEFAULT '[]',
  class_prefixes  TEXT NOT NULL DEFAULT '[]',
  reference_date  TEXT NOT NULL,                                -- 盘点基准日
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  expected_count  INTEGER NOT NULL DEFAULT 0,
  closed_at       TEXT,
  closed_by       TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;
CREATE INDEX counts_unit ON counts(unit_id, status);

-- The book as it stood when the count was created (one row per card in scope).
CREATE TABLE count_expected (
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  asset_id        TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  seq             INTEGER NOT NULL,                             -- 序号 on the checklist
  code            TEXT NOT NULL COLLATE NOCASE,
  name            TEXT NOT NULL,
  class_code      TEXT NOT NULL,
  model           TEXT,
  unit_id         TEXT NOT NULL,
  dept_id         TEXT,
  user_name       TEXT,
  location        TEXT,
  status          TEXT NOT NULL,
  cost_fen        INTEGER NOT NULL,
  accumulated_fen INTEGER NOT NULL,
  PRIMARY KEY (count_id, seq),
  UNIQUE (count_id, asset_id),
  UNIQUE (count_id, code)
) STRICT, WITHOUT ROWID;

-- Counters (盘点人) and their devices; results and scans name the counter who made them.
CREATE TABLE count_counters (
  id              TEXT PRIMARY KEY,
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  name            TEXT NOT NULL,
  device          TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  UNIQUE (count_id, name, device)
) STRICT;

-- Every scan or typed code, as made. kind: expected (first find of a listed asset), duplicate
-- (a repeat of an earlier scan of the same code in this count), unknown (not on the list: recorded as
-- a found item to identify). client_id lets a device resend a batch safely: a scan already stored
-- with the same client_id is not applied again.
CREATE TABLE count_scans (
  id              INTEGER PRIMARY KEY,
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  code            TEXT NOT NULL COLLATE NOCASE,
  kind            TEXT NOT NULL CHECK (kind IN ('expected','duplicate','unknown')),
  asset_id        TEXT,
  found_id        TEXT,
  scanned_at      TEXT NOT NULL,                                -- when the scan was made (device clock or engine)
  counter_id      TEXT REFERENCES count_counters(id) ON DELETE RESTRICT,
  client_id       TEXT,
  recorded_at     TEXT NOT NULL,
  recorded_by     TEXT NOT NULL
) STRICT;
CREATE INDEX count_scans_code ON count_scans(count_id, code);
CREATE UNIQUE INDEX count_scans_client ON count_scans(count_id, client_id) WHERE client_id IS NOT NULL;

-- The latest result for an expected asset. No row = not counted yet (a shortage at reconciliation).
-- NULL actual_* = as on the book.
CREATE TABLE count_results (
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  asset_id        TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  found           INTEGER NOT NULL CHECK (found IN (0, 1)),
  actual_location TEXT,
  actual_user     TEXT,
  actual_status   TEXT CHECK (actual_status IS NULL OR actual_status IN ('在用','闲置','出租出借','待修','待报废')),
  note            TEXT,
  source          TEXT NOT NULL CHECK (source IN ('scan','import','grid')),
  counter_id      TEXT REFERENCES count_counters(id) ON DELETE RESTRICT,
  scans           INTEGER NOT NULL DEFAULT 0,
  first_seen_at   TEXT,
  recorded_at     TEXT NOT NULL,
  recorded_by     TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (count_id, asset_id)
) STRICT, WITHOUT ROWID;

-- Items found that are not on the book: 盘盈 candidates and unknown codes scanned (to identify).
CREATE TABLE count_found (
  id              TEXT PRIMARY KEY,
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  code            TEXT COLLATE NOCASE,                          -- the label's number, when there is one
  name            TEXT,                                         -- NULL until identified (unknown scan)
  model           TEXT,
  location        TEXT,
  user_name       TEXT,
  description     TEXT,
  quantity        INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  source          TEXT NOT NULL CHECK (source IN ('scan','import','grid')),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','booked','dropped')),
  asset_id        TEXT REFERENCES assets(id) ON DELETE RESTRICT, -- the card created for it (status booked)
  drop_reason     TEXT,
  counter_id      TEXT REFERENCES count_counters(id) ON DELETE RESTRICT,
  recorded_at     TEXT NOT NULL,
  recorded_by     TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'booked') = (asset_id IS NOT NULL))
) STRICT;
CREATE INDEX count_found_count ON count_found(count_id, status);
CREATE INDEX count_found_code ON count_found(count_id, code) WHERE code IS NOT NULL;

-- Booked outcomes. kind:
--   shortage-pending   盘亏 → Dr 1902 (net) + Dr 1602 (accumulated) / Cr 1601 (cost)
--   shortage-writeoff  after approval (doc_no required): Dr 5301 资产处置费用 / Cr 1902; the card is disposed (报损)
--   surplus            盘盈 → new card, Dr 1601 / Cr 1902
--   surplus-approve    after approval (doc_no required): Dr 1902 / Cr 3501 以前年度盈余调整
--   adjust             location / user / status difference applied to the card
CREATE TABLE count_resolutions (
  id              TEXT PRIMARY KEY,
  count_id        TEXT NOT NULL REFERENCES counts(id) ON DELETE RESTRICT,
  kind            TEXT NOT NULL CHECK (kind IN ('shortage-pending','shortage-writeoff','surplus','surplus-approve','adjust')),
  asset_id        TEXT REFERENCES assets(id) ON DELETE RESTRICT,
  found_id        TEXT REFERENCES count_found(id) ON DELETE RESTRICT,
  amount_fen      INTEGER NOT NULL DEFAULT 0,
  entries         TEXT NOT NULL DEFAULT '[]',                   -- [{account, name, debitFen, creditFen}]
  doc_no          TEXT,
  effective_on    TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  CHECK (kind NOT IN ('shortage-writeoff','surplus-approve') OR (doc_no IS NOT NULL AND doc_no <> '')),
  CHECK ((kind IN ('surplus','surplus-approve')) = (found_id IS NOT NULL)),
  CHECK (kind IN ('surplus','surplus-approve') OR asset_id IS NOT NULL)
) STRICT;
CREATE INDEX count_resolutions_count ON count_resolutions(count_id, kind);
CREATE UNIQUE INDEX count_resolutions_asset_once ON count_resolutions(count_id, kind, asset_id) WHERE kind IN ('shortage-pending','shortage-writeoff');
CREATE UNIQUE INDEX count_resolutions_found_once ON count_resolutions(count_id, kind, found_id) WHERE found_id IS NOT NULL;
CREATE INDEX count_resolutions_asset ON count_resolutions(asset_id);

-- General-ledger balances imported from the accounting software (账账核对).
CREATE TABLE gl_balances (
  unit_id         TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  account         TEXT NOT NULL CHECK (account IN ('1601','1602','1701','1702')),
  period          TEXT NOT NULL,
  balance_fen     INTEGER NOT NULL,                             -- on the account's normal side
  source_file     TEXT NOT NULL,
  source_row      INTEGER,
  imported_at     TEXT NOT NULL,
  imported_by     TEXT NOT NULL,
  PRIMARY KEY (unit_id, period, account)
) STRICT, WITHOUT ROWID;
`;
