// Migration 5: unified post settings (issue #5, DOMAIN §4) — the staff register, ratio sets, unit
// quotas, the community staffing pool, appointments and competition rounds.
// Shipped migrations are never edited: add a new numbered file instead.
//
// Appointments are history: a row is inserted once and may afterwards only be ended (ended_on,
// end_reason, ended_by set once, never changed back) — the trigger refuses any other update and
// any delete. The staffing pool is an append-only list of movements; balances are sums.
export default /* sql */ `
CREATE TABLE staff (
  id                TEXT PRIMARY KEY,
  staff_no          TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- 工号
  name              TEXT NOT NULL,
  id_number         TEXT UNIQUE,                          -- 公民身份号码 (GB 11643), checksum-validated
  sex               TEXT CHECK (sex IN ('男','女')),
  birth_date        TEXT,
  education         TEXT,                                 -- 学历
  title             TEXT,                                 -- 专业技术职称
  qualification     TEXT,                                 -- 执业资格
  staffing_type     TEXT NOT NULL CHECK (staffing_type IN ('在编','备案制','合同制','其他')),
  employing_unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,  -- 人事关系所在单位
  working_unit_id   TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,  -- 实际工作单位 (县管乡用, 乡聘村用 when different)
  joined_on         TEXT,                                 -- 参加工作时间
  left_on           TEXT,                                 -- 离岗（调出、退休、解聘）
  remarks           TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  updated_by        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX staff_employing ON staff(employing_unit_id);
CREATE INDEX staff_working ON staff(working_unit_id);

-- Structural ratio sets, reusable by unit type. rules: JSON array (shared/domain/posts/ratios.ts RatioRule).
-- The shipped defaults (DEFAULT_RATIO_SETS) apply until HR saves a set with the same code or unit type.
CREATE TABLE post_ratio_sets (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name        TEXT NOT NULL,
  unit_types  TEXT NOT NULL DEFAULT '[]',                 -- JSON array of unit types this set is the default for
  rounding    TEXT NOT NULL DEFAULT 'floor' CHECK (rounding IN ('floor','round','ceil')),
  rules       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One row per unit with a post scheme. bands: JSON {band: posts} for bands HR set explicitly.
CREATE TABLE post_quotas (
  unit_id       TEXT PRIMARY KEY REFERENCES units(id) ON DELETE RESTRICT,
  ratio_set     TEXT COLLATE NOCASE,                                    -- ratio set code (a saved set, or a shipped default); null: the default of the unit's type
  staffing      INTEGER NOT NULL CHECK (staffing >= 0),                 -- 编制数 (own; the pool allocation is added)
  total_posts   INTEGER NOT NULL CHECK (total_posts >= 0),              -- 岗位总量
  mgmt_posts    INTEGER NOT NULL DEFAULT 0 CHECK (mgmt_posts >= 0),
  pro_posts     INTEGER NOT NULL DEFAULT 0 CHECK (pro_posts >= 0),
  worker_posts  INTEGER NOT NULL DEFAULT 0 CHECK (worker_posts >= 0),
  bands         TEXT NOT NULL DEFAULT '{}',
  doc_no        TEXT,                                                   -- 岗位设置方案批复文号
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The community staffing pool (编制周转池): deposits into it, allocations to units and recalls.
CREATE TABLE staffing_pool_moves (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('deposit','allocate','recall')),
  unit_id       TEXT REFERENCES units(id) ON DELETE RESTRICT,
  amount        INTEGER NOT NULL CHECK (amount > 0),
  effective_on  TEXT NOT NULL,
  doc_no        TEXT,
  reason        TEXT,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  CHECK ((kind = 'deposit') = (unit_id IS NULL))
) STRICT;
CREATE INDEX staffing_pool_unit ON staffing_pool_moves(unit_id);
CREATE TRIGGER staffing_pool_no_update BEFORE UPDATE ON staffing_pool_moves BEGIN SELECT RAISE(ABORT, 'staffing pool moves are append-only'); END;
CREATE TRIGGER staffing_pool_no_delete BEFORE DELETE ON staffing_pool_moves BEGIN SELECT RAISE(ABORT, 'staffing pool moves are append-only'); END;

-- Competition rounds (竞聘): posts offered, applicants with scores; finalising appoints the winners.
CREATE TABLE post_rounds (
  id            TEXT PRIMARY KEY,
  round_no      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  unit_id       TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  held_on       TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','finalised')),
  finalised_at  TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE post_round_offers (
  id          TEXT PRIMARY KEY,
  round_id    TEXT NOT NULL REFERENCES post_rounds(id) ON DELETE RESTRICT,
  seq         INTEGER NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('管理','专业技术','工勤')),
  grade       INTEGER,                                  -- null: 普通工
  post_name   TEXT,
  places      INTEGER NOT NULL CHECK (places >= 1),
  UNIQUE (round_id, seq)
) STRICT;

CREATE TABLE post_round_applicants (
  id               TEXT PRIMARY KEY,
  offer_id         TEXT NOT NULL REFERENCES post_round_offers(id) ON DELETE RESTRICT,
  staff_id         TEXT NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
  score_hundredths INTEGER,                              -- 综合成绩 × 100
  UNIQUE (offer_id, staff_id)
) STRICT;

CREATE TABLE appointments (
  id               TEXT PRIMARY KEY,
  staff_id         TEXT NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
  unit_id          TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  category         TEXT NOT NULL CHECK (category IN ('管理','专业技术','工勤')),
  grade            INTEGER,                              -- null only for 工勤 普通工
  post_name        TEXT,
  basis            TEXT NOT NULL CHECK (basis IN ('竞聘','直接聘任')),
  round_id         TEXT REFERENCES post_rounds(id) ON DELETE RESTRICT,
  score_hundredths INTEGER,
  rank             INTEGER,
  term_start       TEXT NOT NULL,
  term_end         TEXT,
  filing_no        TEXT,                                 -- 备案号
  contract_no      TEXT,                                 -- 合同号
  override_reason  TEXT,                                 -- set when appointed past a quota or cap
  override_rules   TEXT,                                 -- JSON: the breaches overridden (rule, current, limit)
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  ended_on         TEXT,
  end_reason       TEXT,
  ended_by         TEXT,
  CHECK (grade IS NOT NULL OR category = '工勤'),
  CHECK (grade IS NULL OR grade BETWEEN 1 AND CASE category WHEN '管理' THEN 10 WHEN '专业技术' THEN 13 ELSE 5 END),
  CHECK (term_end IS NULL OR term_end >= term_start),
  CHECK ((basis = '竞聘') OR (round_id IS NULL)),
  CHECK ((ended_on IS NULL) = (end_reason IS NULL))
) STRICT;
CREATE INDEX appointments_unit_active ON appointments(unit_id) WHERE ended_on IS NULL;
CREATE INDEX appointments_staff ON appointments(staff_id);
CREATE INDEX appointments_term_end ON appointments(term_end) WHERE ended_on IS NULL;
CREATE TRIGGER appointments_no_delete BEFORE DELETE ON appointments BEGIN SELECT RAISE(ABORT, 'appointments are history: end them, never delete'); END;
CREATE TRIGGER appointments_end_only BEFORE UPDATE ON appointments
WHEN OLD.ended_on IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.staff_id IS NOT OLD.staff_id OR NEW.unit_id IS NOT OLD.unit_id
  OR NEW.category IS NOT OLD.category OR NEW.grade IS NOT OLD.grade OR NEW.post_name IS NOT OLD.post_name
  OR NEW.basis IS NOT OLD.basis OR NEW.round_id IS NOT OLD.round_id OR NEW.score_hundredths IS NOT OLD.score_hundredths
  OR NEW.rank IS NOT OLD.rank OR NEW.term_start IS NOT OLD.term_start OR NEW.term_end IS NOT OLD.term_end
  OR NEW.filing_no IS NOT OLD.filing_no OR NEW.contract_no IS NOT OLD.contract_no
  OR NEW.override_reason IS NOT OLD.override_reason OR NEW.override_rules IS NOT OLD.override_rules
  OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
BEGIN SELECT RAISE(ABORT, 'appointments are history: an appointment may only be ended, once'); END;
`;
