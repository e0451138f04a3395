import type { HandlerMap } from '../../engine/context';
import { buildErrorSheet } from '../../io/error-sheet';

export const importsHandlers: HandlerMap<'imports.errorSheet'> = {
  'imports.errorSheet': (args) => buildErrorSheet({ fileName: args.fileName, base64: args.base64, rejected: args.rejected, onlyRejected: args.onlyRejected }),
};
