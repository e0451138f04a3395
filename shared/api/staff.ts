import { z } from 'zod';
import { parseIdNumber, parseSex, SEXES, idCrossCheck } from '../domain/posts/idcard';
import type { Grade, PostCategory } from '../domain/posts/catalogue';
import { parseDate } from '../parse/date';
import { method } from './define';
import { batchSchema, cleanName, cleanText, fileUpload, unitCode } from './schemas';
import type { BatchResult, ExportResult, ImportResult, RowMeta } from './types';

// The staff register (issue #5, DOMAIN §4). A person has an employing unit (人事关系) and a working
// unit; they differ for 县管乡用 (employed by a county hospital, working in a township centre) and
// 乡聘村用 (employed by a township centre, working in a village clinic). Identity numbers are shown
// in full only to roles with `staff.pii`; everyone else sees 110105********002X.

export const STAFFING_TYPES = ['在编', '备案制', '合同制', '其他'] as const;
export type StaffingType = (typeof STAFFING_TYPES)[number];

const STAFFING_TYPE_VARIANTS: Record<string, StaffingType> = {
  在编: '在编',
  编制内: '在编',
  事业编制: '在编',
  在编人员: '在编',
  备案制: '备案制',
  备案: '备案制',
  人员总量备案: '备案制',
  备案管理: '备案制',
  合同制: '合同制',
  合同: '合同制',
  聘用: '合同制',
  编外聘用: '合同制',
  劳务派遣: '其他',
  其他: '其他',
};

export function normaliseStaffingType(v: unknown): unknown {
  const t = cleanText(v);
  return typeof t === 'string' ? (STAFFING_TYPE_VARIANTS[t.replace(/\s/g, '')] ?? t) : t;
}

/** A date as people write it (2019.03.05, 2019年3月5日, Excel serials) → YYYY-MM-DD; anything else is left for the schema to refuse. */
function messyDate(v: unknown): unknown {
  const t = cleanText(v);
  if (t === undefined || t === null) return null;
  if (typeof t !== 'string' && typeof t !== 'number') return t;
  const r = parseDate(t);
  return r.ok ? r.date : t;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date').refine((s) => parseDate(s).ok, 'v.date');
const optionalDate = z.preprocess(messyDate, isoDate.nullable()).optional();
const optionalText = (max: number) => z.preprocess((v) => cleanName(v) ?? null, z.string().max(max, 'v.tooLong').nullable()).optional();

export const staffNo = z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^[A-Za-z0-9_-]{1,32}$/, 'v.staffNo'));

/** The fields without the cross-check (grid updates take a partial of it; the engine cross-checks every row). */
export const staffObject = z.object({
    staffNo,
    name: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(50, 'v.tooLong')),
    /** Checked against GB 11643 (checksum, birth date); stored canonical (upper-case X). */
    idNumber: z.preprocess(
      (v) => {
        const t = cleanText(v);
        if (t === undefined || t === null) return null;
        const r = parseIdNumber(t);
        return r.ok ? r.id : t;
      },
      z
        .string()
        .superRefine((s, ctx) => {
          // The reason in Chinese (wrong check character and which it should be, impossible birth date, length).
          const r = parseIdNumber(s);
          if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
        })
        .nullable(),
    ).optional(),
    sex: z.preprocess((v) => (cleanText(v) === undefined ? null : (parseSex(cleanText(v)) ?? v)), z.enum(SEXES as [string, ...string[]], { error: 'v.sex' }).nullable()).optional(),
    birthDate: optionalDate,
    education: optionalText(30),
    title: optionalText(50),
    qualification: optionalText(100),
    staffingType: z.preprocess(normaliseStaffingType, z.enum(STAFFING_TYPES, { error: 'v.staffingType' })),
    employingUnitCode: unitCode,
    /** Blank: works where employed. */
    workingUnitCode: z.preprocess((v) => cleanText(v) ?? null, unitCode.nullable()).optional(),
    joinedOn: optionalDate,
    leftOn: optionalDate,
    remarks: optionalText(200),
});

/** A person as entered or imported: the fields, and identity number against sex and birth date. */
export const staffFields = staffObject.superRefine((s, ctx) => {
    if (!s.idNumber) return;
    const id = parseIdNumber(s.idNumber);
    if (!id.ok) return;
    for (const p of idCrossCheck(id, { birthDate: s.birthDate ?? null, sex: (s.sex as '男' | '女' | null | undefined) ?? null })) {
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
    }
});
export type StaffFields = z.output<typeof staffFields>;

/** How employing and working unit relate. */
export type StaffArrangement = '县管乡用' | '乡聘村用' | '借调' | null;

export interface CurrentPost {
  appointmentId: string;
  unitCode: string;
  category: PostCategory;
  grade: Grade;
  gradeLabel: string;
  band: string;
  postName: string | null;
  termStart: string;
  termEnd: string | null;
}

export interface StaffRow extends RowMeta {
  staffNo: string;
  name: string;
  /** Full number for roles with staff.pii, masked otherwise (see `idMasked`). */
  idNumber: string | null;
  idMasked: boolean;
  sex: '男' | '女' | null;
  birthDate: string | null;
  education: string | null;
  title: string | null;
  qualification: string | null;
  staffingType: StaffingType;
  employingUnitCode: string;
  employingUnitName: string;
  workingUnitCode: string;
  workingUnitName: string;
  arrangement: StaffArrangement;
  joinedOn: string | null;
  leftOn: string | null;
  remarks: string | null;
  /** Active appointments (two for a 双肩挑 person). */
  current: CurrentPost[];
}

export interface StaffDetail extends StaffRow {
  appointments: import('./posts').AppointmentRow[];
}

export const staffApi = {
  /** People whose employing or working unit is `unitCode` (or in the caller's scope); people who left only with includeLeft. */
  'staff.list': method<StaffRow[]>()({
    args: z.object({ unitCode: unitCode.optional(), includeLeft: z.boolean().default(false) }).default({ includeLeft: false }),
    access: 'read',
    permission: 'staff.read',
  }),
  'staff.get': method<StaffDetail>()({ args: z.object({ staffNo }), access: 'read', permission: 'staff.read' }),
  /** Grid edits: inserts and updates (by id and version); a delete only for someone never appointed. */
  'staff.batch': method<BatchResult<StaffRow>>()({ args: batchSchema(staffObject), access: 'write', permission: 'staff.write' }),
  /**
   * Import .xlsx / .csv (UTF-8 or GB18030). A row whose 工号 exists updates that person. Units may be
   * given by code or by exact name. All-or-nothing unless skipInvalid; every bad row reported with
   * its sheet row and column.
   */
  'staff.import': method<ImportResult>()({ args: fileUpload, access: 'write', permission: 'staff.write' }),
  /** The register as .xlsx in the layout staff.import reads back (identity numbers masked without staff.pii). */
  'staff.export': method<ExportResult>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'staff.read' }),
};
