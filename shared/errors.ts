// Structured errors that cross every host boundary (IPC, HTTP, CLI) as plain JSON.
// The message is already in Chinese (the default UI language); `key` + `params` let the
// renderer re-localise it, and `details` carries row/field-level problems for grids and imports.

export type ErrorCode =
  | 'VALIDATION' // arguments or rows failed a schema
  | 'UNKNOWN_METHOD'
  | 'UNAUTHENTICATED' // no or expired session
  | 'FORBIDDEN' // role or unit scope does not allow it
  | 'NOT_FOUND'
  | 'CONFLICT' // stale row version: someone else changed it
  | 'DUPLICATE' // unique business code already used
  | 'LOCKED' // account locked after failed logins
  | 'BAD_CREDENTIALS'
  | 'SETUP_REQUIRED' // no administrator yet
  | 'ALREADY_SET_UP'
  | 'NEWER_FILE' // ledger written by a newer program version
  | 'NOT_A_LEDGER'
  | 'INTEGRITY' // integrity check or audit chain failed
  | 'NOTHING_TO_UNDO'
  | 'IMPORT_REJECTED' // import had bad rows and the user did not choose to skip them
  | 'IO'
  | 'CAP_EXCEEDED' // an appointment would break a post quota or structural cap (details: each breached rule)
  | 'INTERNAL';

export interface ErrorDetail {
  /** 1-based row number as the user sees it (sheet row, or grid row in a batch). */
  row?: number;
  /** Column header as the user sees it, or the field name. */
  column?: string;
  field?: string;
  /** Id of the entity the problem is about, for grids. */
  id?: string;
  message: string;
  /** For a breached post quota or cap (CAP_EXCEEDED): the count before the change and the limit. */
  current?: number;
  limit?: number;
}

export interface LedgerErrorJSON {
  code: ErrorCode;
  message: string;
  key: string;
  params?: Record<string, string | number>;
  details?: ErrorDetail[];
}

export class LedgerError extends Error {
  readonly code: ErrorCode;
  readonly key: string;
  readonly params: Record<string, string | number> | undefined;
  readonly details: ErrorDetail[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { key?: string; params?: Record<string, string | number>; details?: ErrorDetail[] } = {},
  ) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
    this.key = opts.key ?? `error.${code}`;
    this.params = opts.params;
    this.details = opts.details;
  }

  toJSON(): LedgerErrorJSON {
    const out: LedgerErrorJSON = { code: this.code, message: this.message, key: this.key };
    if (this.params) out.params = this.params;
    if (this.details) out.details = this.details;
    return out;
  }

  static fromJSON(json: LedgerErrorJSON): LedgerError {
    return new LedgerError(json.code, json.message, { key: json.key, params: json.params, details: json.details });
  }
}

/** Anything thrown inside a handler becomes a safe JSON error; internals never leak a stack. */
export function toErrorJSON(err: unknown): LedgerErrorJSON {
  if (err instanceof LedgerError) return err.toJSON();
  return { code: 'INTERNAL', message: '内部错误，操作未完成，账套未被修改', key: 'error.INTERNAL' };
}

export function isLedgerErrorJSON(x: unknown): x is LedgerErrorJSON {
  return typeof x === 'object' && x !== null && typeof (x as { code?: unknown }).code === 'string' && typeof (x as { message?: unknown }).message === 'string';
}
