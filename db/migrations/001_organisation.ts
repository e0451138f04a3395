// Migration 1: the community, its units, departments, users, the audit log and undo bookkeeping.
// Shipped migrations are never edited: add a new numbered file instead.
export default /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE units (
  id         TEXT PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('牵头医院','县级医院','乡镇卫生院','社区卫生服务中心','村卫生室','其他')),
  parent_id  TEXT REFERENCES units(id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE departments (
  id         TEXT PRIMARY KEY,
  unit_id    TEXT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  code       TEXT NOT NULL COLLATE NOCASE,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  UNIQUE (unit_id, code)
) STRICT;

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('admin','finance','asset','hr','auditor','unit_operator')),
  unit_id         TEXT REFERENCES units(id) ON DELETE RESTRICT,
  password_hash   TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  last_login_at   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Append-only, hash-chained: hash = sha256(prev_hash | seq | at | actor | method | changes).
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  method    TEXT NOT NULL,
  summary   TEXT NOT NULL,
  changes   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Which batches were undone (the audit log itself is never changed).
CREATE TABLE undone_batches (
  batch_seq INTEGER PRIMARY KEY REFERENCES audit_log(seq),
  undo_seq  INTEGER NOT NULL REFERENCES audit_log(seq) DEFERRABLE INITIALLY DEFERRED
) STRICT;
`;
