import { z } from 'zod';
import { method } from './define';
import { batchSchema, departmentFields, fileUpload, listQuery, unitFields } from './schemas';
import type { BatchResult, DepartmentRow, ExportResult, ImportResult, UnitRow } from './types';

export const orgApi = {
  'units.list': method<UnitRow[]>()({ args: listQuery, access: 'read', permission: 'org.read' }),
  'units.batch': method<BatchResult<UnitRow>>()({ args: batchSchema(unitFields), access: 'write', permission: 'org.write' }),
  'units.import': method<ImportResult>()({ args: fileUpload, access: 'write', permission: 'org.write' }),
  'units.export': method<ExportResult>()({ args: z.object({}).default({}), access: 'read', permission: 'org.read' }),

  'departments.list': method<DepartmentRow[]>()({ args: listQuery, access: 'read', permission: 'org.read' }),
  'departments.batch': method<BatchResult<DepartmentRow>>()({ args: batchSchema(departmentFields), access: 'write', permission: 'dept.write' }),
  'departments.import': method<ImportResult>()({ args: fileUpload, access: 'write', permission: 'dept.write' }),
  'departments.export': method<ExportResult>()({ args: listQuery, access: 'read', permission: 'org.read' }),
};
