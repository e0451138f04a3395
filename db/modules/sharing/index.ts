import type { HandlerMap } from '../../engine/context';
import { poolHandlers } from './pool';
import { shareHandlers } from './shares';

// 共享共用 and the idle-asset pool (issue #3, DOMAIN §3.4): shared/api/sharing.ts declares the methods.
export const sharingHandlers: HandlerMap<keyof typeof shareHandlers | keyof typeof poolHandlers> = {
  ...shareHandlers,
  ...poolHandlers,
};
