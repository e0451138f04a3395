// Migration 2: the unified state-asset register — asset cards, their dated events, and month-end
// depreciation. Shipped migrations are never edited: add a new numbered file instead.
//
// A card keeps its depreciation state as of the start of the next period to charge (`dep_*`
// columns), maintained by the month-end run and by cost/life changes, so a run over 100,000 cards
// is one pass without replaying history. Each run's charges are kept per period with the state
// before the charge, so re-running an open period puts the state back first and never doubles.
export default /* sql */ `
CREATE TABLE assets (
  id                    TEXT PRIMARY KEY,
  code                  TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- 资产编号, unique in the community
  old_code              TEXT,                                  -- 原资产编号
  name                  TEXT NOT NULL,
  class_code            TEXT NOT NULL,                         -- GB/T 14885 code as given
  class_scheme          TEXT NOT NULL DEFAULT 'GB2022' CHECK (class_scheme IN ('GB2022','GB2010')),
  brand                 TEXT,
  model                 TEXT,                                  -- 规格型号
  quantity              INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  measure_unit          TEXT,                                  -- 计量单位
  acquisition_method    TEXT NOT NULL CHECK (acquisition_method IN ('新购','调入','捐赠','置换','盘盈','自建','其他')),
  acquired_on           TEXT,                                  -- 取得日期
  in_service_on         TEXT,                                  -- 投入使用日期
  booked_on             TEXT NOT NULL,                         -- 财务入账日期: depreciation starts this month
  voucher_no            TEXT,                                  -- 会计凭证号
  value_type            TEXT NOT NULL DEFAULT '原值' CHECK (value_type IN ('原值','评估值','重置价值','名义金额')),
  fund_fiscal_fen       INTEGER NOT NULL DEFAULT 0,            -- 财政补助
  fund_research_fen     INTEGER NOT NULL DEFAULT 0,            -- 科教项目
  fund_own_fen          INTEGER NOT NULL DEFAULT 0,            -- 医疗收入(自有资金)
  fund_other_fen        INTEGER NOT NULL DEFAULT 0,            -- 其他
  opening_accumulated_fen INTEGER NOT NULL DEFAULT 0,          -- 期初累计折旧 (migration or second-hand)
  opening_months_used   INTEGER,
  opening_period        TEXT,                                  -- migration cut-over month
  unit_id               TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  managing_dept_id      TEXT REFERENCES departments(id) ON DELETE RESTRICT,
  using_dept_id         TEXT REFERENCES departments(id) ON DELETE RESTRICT,
  user_name             TEXT,                                  -- 使用人
  location              TEXT,                                  -- 存放地点
  status                TEXT NOT NULL DEFAULT '在用' CHECK (status IN ('在用','闲置','出租出借','待修','待报废','已处置')),
  manufacturer          TEXT,
  supplier              TEXT,
  warranty_until        TEXT,
  remarks               TEXT,
  disposed_on           TEXT,
  disposal_type         TEXT,
  -- Depreciation state at the start of dep_next_period (see shared/domain/depreciation.ts AssetDepState).
  dep_method            TEXT NOT NULL DEFAULT 'straight-line' CHECK (dep_method IN ('straight-line','units-of-work')),
  cost_fen              INTEGER NOT NULL CHECK (cost_fen >= 0),
  life_months           INTEGER NOT NULL DEFAULT 0,
  total_units           INTEGER,
  dep_accumulated_fen   INTEGER NOT NULL DEFAULT 0,
  dep_months            INTEGER NOT NULL DEFAULT 0,
  dep_basis_accumulated_fen INTEGER NOT NULL DEFAULT 0,
  dep_basis_months      INTEGER NOT NULL DEFAULT 0,
  dep_units_used        INTEGER,
  dep_start_period      TEXT NOT NULL,
  dep_next_period       TEXT NOT NULL,                         -- first period not yet charged
  depreciable           INTEGER NOT NULL DEFAULT 1,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  updated_by            TEXT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1,
  CHECK (fund_fiscal_fen + fund_research_fen + fund_own_fen + fund_other_fen = cost_fen),
  CHECK (dep_accumulated_fen BETWEEN 0 AND cost_fen)
) STRICT;
CREATE INDEX assets_unit ON assets(unit_id);
CREATE INDEX assets_class ON assets(class_code);
CREATE INDEX assets_using_dept ON assets(using_dept_id);

-- Asset numbers are never reused, even if a card were ever removed.
CREATE TABLE asset_codes_used (code TEXT PRIMARY KEY COLLATE NOCASE) STRICT;

-- Every change to a card is an event with an effective date; the card's past states are rebuilt from them.
CREATE TABLE asset_events (
  id           TEXT PRIMARY KEY,
  asset_id     TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  type         TEXT NOT NULL CHECK (type IN ('acquire','edit','move','transfer','cost-change','life-change','dispose','share-start','share-end')),
  effective_on TEXT NOT NULL,
  doc_no       TEXT,
  -- {field: [before, after]} for what the event changed, plus event details.
  detail       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL
) STRICT;
CREATE INDEX asset_events_asset ON asset_events(asset_id, effective_on, created_at);

-- Month-end depreciation: one row per asset charged in a period, with the state before the charge.
CREATE TABLE depreciation_entries (
  period             TEXT NOT NULL,
  asset_id           TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
  charge_fen         INTEGER NOT NULL,
  accumulated_after_fen INTEGER NOT NULL,
  before_accumulated_fen INTEGER NOT NULL,
  before_months      INTEGER NOT NULL,
  before_units_used  INTEGER,
  usage_units        INTEGER,
  unit_id            TEXT NOT NULL,
  class_code         TEXT NOT NULL,
  using_dept_id      TEXT,
  PRIMARY KEY (period, asset_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX depreciation_entries_asset ON depreciation_entries(asset_id, period);

CREATE TABLE depreciation_periods (
  period      TEXT PRIMARY KEY,
  status      TEXT NOT NULL CHECK (status IN ('open','closed')),
  assets      INTEGER NOT NULL,
  total_fen   INTEGER NOT NULL,
  run_at      TEXT NOT NULL,
  run_by      TEXT NOT NULL,
  closed_at   TEXT,
  closed_by   TEXT
) STRICT;
`;
