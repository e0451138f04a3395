import type { HandlerMap } from '../engine/context';
import { cardHandlers } from './assets/cards';
import { depreciationHandlers } from './assets/depreciation';
import { reportHandlers } from './assets/reports';
import { exportHandlers as assetExportHandlers } from './assets/export';
import { importHandlers as assetImportHandlers } from './assets/import';
import { importsHandlers } from './imports';
import { tableHandlers as assetTableHandlers } from './assets/table';
import { countHandlers } from './counts';
import { departmentHandlers } from './org/departments';
import { sharingHandlers } from './sharing';
import { allPostsHandlers } from './posts';
import { staffHandlers } from './staff';
import { unitHandlers } from './org/units';
import { systemHandlers } from './system/handlers';
import { userHandlers } from './users/handlers';

/** Every method in shared/api has exactly one handler here; the type makes a missing one a compile error. */
export const handlers: HandlerMap = {
  ...systemHandlers,
  ...unitHandlers,
  ...departmentHandlers,
  ...userHandlers,
  ...cardHandlers,
  ...depreciationHandlers,
  ...reportHandlers,
  ...assetImportHandlers,
  ...importsHandlers,
  ...assetExportHandlers,
  ...assetTableHandlers,
  ...sharingHandlers,
  ...countHandlers,
  ...staffHandlers,
  ...allPostsHandlers,
};
