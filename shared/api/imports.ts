import { z } from 'zod';
import { method } from './define';
import type { ExportResult } from './types';

/** One rejected row of an import, as every `*.import` reports it. */
const rejectedRow = z.object({
  row: z.number().int().positive().optional(),
  column: z.string().max(500).optional(),
  field: z.string().max(100).optional(),
  message: z.string().max(2000),
});

export const importsApi = {
  /**
   * "The original sheet plus an error column": the uploaded file (the same `fileName`/`base64` the
   * import got) with a 错误说明 column for each rejected row and its bad cells highlighted, as
   * .xlsx (a CSV comes back as .xlsx). `onlyRejected` keeps the title/header rows and the rejected
   * rows only, to fix and import again after the valid rows went in. Generic: works with the
   * `rejected` list of any import (units, departments, assets). Reads and writes no ledger data.
   */
  'imports.errorSheet': method<ExportResult & { rows: number }>()({
    args: z.object({
      fileName: z.string().min(1).max(255),
      base64: z.string().max(200 * 1024 * 1024),
      rejected: z.array(rejectedRow).max(2_000_000),
      onlyRejected: z.boolean().default(false),
    }),
    access: 'session',
  }),
};
