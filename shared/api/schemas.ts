import { z } from 'zod';
import { UNIT_CODE_PATTERN, UNIT_TYPES, normaliseUnitType } from '../domain/org';
import { PASSWORD_MIN_LENGTH, ROLES, roleFromLabel } from '../auth/roles';
import { cleanName, cleanText } from '../parse/text';

// Field schemas shared by the engine (authoritative checks) and the renderer (instant cell checks).
// Messages are keys from shared/i18n/messages.ts.

// cleanText/cleanName live in shared/parse/text (the sheet parsers use them too); re-exported here.
export { cleanName, cleanText };

const text = (max: number) => z.preprocess(cleanName, z.string({ error: 'v.required' }).max(max, 'v.tooLong'));

export const unitCode = z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(UNIT_CODE_PATTERN, 'v.unitCode'));
export const deptCode = z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(UNIT_CODE_PATTERN, 'v.deptCode'));
export const unitType = z.preprocess(
  (v) => {
    const t = cleanText(v);
    return typeof t === 'string' ? (normaliseUnitType(t) ?? t) : t;
  },
  z.enum(UNIT_TYPES, { error: 'v.unitType' }),
);
export const role = z.preprocess(
  (v) => {
    const t = cleanText(v);
    return typeof t === 'string' ? (roleFromLabel(t) ?? t) : t;
  },
  z.enum(ROLES, { error: 'v.role' }),
);
export const username = z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^[A-Za-z0-9_.-]{2,32}$/, 'v.username'));
export const password = z.string({ error: 'v.required' }).min(PASSWORD_MIN_LENGTH, 'v.password').max(200, 'v.tooLong');
export const id = z.string().min(1).max(64);
export const version = z.number().int().min(1);

export const unitFields = z.object({
  code: unitCode,
  name: text(100),
  type: unitType,
  parentCode: z.preprocess((v) => cleanText(v) ?? null, unitCode.nullable()),
});
export type UnitFields = z.output<typeof unitFields>;

export const departmentFields = z.object({
  unitCode,
  code: deptCode,
  name: text(100),
});
export type DepartmentFields = z.output<typeof departmentFields>;

export const userEditableFields = z.object({
  displayName: text(50),
  role,
  /** Unit the user belongs to; required for unit operators, optional (whole community) otherwise. */
  unitCode: z.preprocess((v) => cleanText(v) ?? null, unitCode.nullable()),
  disabled: z.boolean(),
});

export const newUserFields = userEditableFields.extend({
  username,
  password,
  disabled: z.boolean().default(false),
});

/** Spreadsheet edits: a batch of inserts, updates (based on a row version) and deletes, applied all-or-nothing. */
export function batchSchema<F extends z.ZodObject>(fields: F) {
  return z.object({
    ops: z
      .array(
        z.discriminatedUnion('op', [
          z.object({ op: z.literal('insert'), row: fields }),
          z.object({ op: z.literal('update'), id, version, changes: fields.partial() }),
          z.object({ op: z.literal('delete'), id, version }),
        ]),
      )
      .min(1)
      .max(100_000),
  });
}

export const fileUpload = z.object({
  fileName: z.string().min(1).max(255),
  /** File content, base64-encoded (JSON carries it over every host). */
  base64: z.string().max(200 * 1024 * 1024),
  skipInvalid: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});

export const listQuery = z.object({ unitCode: unitCode.optional() }).default({});
