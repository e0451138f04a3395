import type { Role } from '../auth/roles';
import type { UnitType } from '../domain/org';
import type { ErrorDetail } from '../errors';

/** Every editable row carries who changed it last and the version an edit must be based on. */
export interface RowMeta {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface UnitRow extends RowMeta {
  code: string;
  name: string;
  type: UnitType;
  parentCode: string | null;
  parentName: string | null;
}

export interface DepartmentRow extends RowMeta {
  unitCode: string;
  unitName: string;
  code: string;
  name: string;
}

export interface UserRow extends RowMeta {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  unitName: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  unitName: string | null;
}

export interface BatchResult<R> {
  /** Audit sequence number of this batch; pass it to `batch.undo`. */
  batchId: number;
  rows: R[];
  deletedIds: string[];
}

export interface ImportResult {
  imported: number;
  rejected: ErrorDetail[];
  dryRun: boolean;
  /** Rows that would be / were written, for a preview. Capped. */
  preview: Record<string, unknown>[];
  batchId: number | null;
}

export interface ExportResult {
  fileName: string;
  base64: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  method: string;
  summary: string;
  hash: string;
}

export interface UndoResult {
  undoneBatchId: number;
  batchId: number;
  method: string;
}
