// IPC channel names and the event-name check, shared by main and the sandboxed preload.
// Kept free of Node imports and of the zod-based registry: a sandboxed preload can require only
// 'electron', and importing shared/api would inline the whole schema registry (~700 KiB) into it.
import type { EventName } from '../shared/api';

export const IPC_INVOKE = 'ledger:invoke';
export const IPC_EVENT = 'ledger:event';
/** Desktop print to PDF: the page's current document (print stylesheet) → a file picked in a save dialog. */
export const IPC_PRINT_PDF = 'ledger:print-pdf';

/** Same list as shared/api EVENT_NAMES; the type below fails to compile if an event is missing here. */
export const BRIDGE_EVENTS = ['progress'] as const satisfies readonly EventName[];
type Unlisted = Exclude<EventName, (typeof BRIDGE_EVENTS)[number]>;
const everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyEventListed;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (BRIDGE_EVENTS as readonly string[]).includes(name);
}
