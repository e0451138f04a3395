import type { HandlerMap } from '../../engine/context';
import { checklistHandlers } from './checklist';
import { glHandlers } from './gl';
import { reconcileHandlers } from './reconcile';
import { resolveHandlers } from './resolve';
import { taskHandlers } from './tasks';

// Inventory counts and 账账核对 (issue #4, shared/api/counts.ts).
export const countHandlers = {
  ...taskHandlers,
  ...checklistHandlers,
  ...reconcileHandlers,
  ...resolveHandlers,
  ...glHandlers,
} satisfies HandlerMap<
  keyof typeof taskHandlers | keyof typeof checklistHandlers | keyof typeof reconcileHandlers | keyof typeof resolveHandlers | keyof typeof glHandlers
>;
