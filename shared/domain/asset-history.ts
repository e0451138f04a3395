/**
 * A card's custody and value at a past date, rebuilt from its dated events (DOMAIN §3.4: "every change
 * is an event with an effective date; the card's state at any past date can be reconstructed").
 *
 * Every lifecycle event stores what it changed as `{field: [before, after]}` in its detail. The state on
 * a date D is today's state with every event dated AFTER D undone, latest first (effective date, then
 * recording order): each undone event puts back its `before` values. Events dated on D itself count as
 * done (the register "as of D" includes a transfer or disposal dated D).
 *
 * What is undone, by event type:
 *   move                      usingDeptId, managingDeptId, userName, location, status
 *   transfer (调剂)            unitId, usingDeptId, managingDeptId, userName, location
 *   cost-change / life-change costFen, lifeMonths (and the cost difference out of fundOwnFen, where the
 *                             engine books it)
 *   dispose                   status; disposedOn and disposalType become null
 *   share-start / share-end   status (shared use keeps the card on the lender's books)
 * 'edit' events are corrections of descriptive fields (a misspelt model) and hold for every date;
 * 'acquire' is the booking date: before it the card did not exist (`existedOn`).
 *
 * This is sound only when custody/value events are recorded in date order — the engine refuses an event
 * dated before the card's latest one (`latestLifecycleDate`), since its before-values would be wrong.
 *
 * Pure: no Node, no DOM, no database.
 */

export interface HistoryFields {
  unitId: string;
  usingDeptId: string | null;
  managingDeptId: string | null;
  userName: string | null;
  location: string | null;
  status: string;
  costFen: number;
  lifeMonths: number;
  /** 医疗收入(自有资金) part of the funding; a cost change is booked to it. */
  fundOwnFen: number;
  disposedOn: string | null;
  disposalType: string | null;
}

export interface HistoryEvent {
  type: string;
  /** 'YYYY-MM-DD' */
  effectiveOn: string;
  detail: Record<string, unknown>;
}

type Field = Exclude<keyof HistoryFields, 'fundOwnFen' | 'disposedOn' | 'disposalType'>;

const UNDONE: Readonly<Record<string, readonly Field[]>> = {
  move: ['usingDeptId', 'managingDeptId', 'userName', 'location', 'status'],
  transfer: ['unitId', 'usingDeptId', 'managingDeptId', 'userName', 'location'],
  'cost-change': ['costFen', 'lifeMonths'],
  'life-change': ['costFen', 'lifeMonths'],
  dispose: ['status'],
  'share-start': ['status'],
  'share-end': ['status'],
};

/** Event types that change custody or value and must therefore be recorded in date order. */
export const LIFECYCLE_EVENT_TYPES = Object.keys(UNDONE) as readonly string[];

function pair(v: unknown): [unknown, unknown] | undefined {
  return Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : undefined;
}

/** Put back what one event changed. */
export function undoEvent(state: HistoryFields, event: HistoryEvent): HistoryFields {
  const fields = UNDONE[event.type];
  if (!fields) return state;
  const out: HistoryFields = { ...state };
  for (const f of fields) {
    const p = pair(event.detail[f]);
    if (!p) continue;
    (out as unknown as Record<string, unknown>)[f] = p[0] ?? null;
    if (f === 'costFen' && typeof p[0] === 'number' && typeof p[1] === 'number') out.fundOwnFen -= p[1] - p[0];
  }
  if (event.type === 'dispose') {
    out.disposedOn = null;
    out.disposalType = null;
  }
  return out;
}

/**
 * The fields on `date` ('YYYY-MM-DD'): `current` with every event dated after `date` undone, latest
 * first. `events` are all the card's events in any order; ties on the date are undone in reverse of
 * their position in `events` (pass them in recording order).
 */
export function fieldsOn(current: HistoryFields, events: readonly HistoryEvent[], date: string): HistoryFields {
  const later = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.effectiveOn > date)
    .sort((a, b) => (a.e.effectiveOn < b.e.effectiveOn ? 1 : a.e.effectiveOn > b.e.effectiveOn ? -1 : b.i - a.i));
  let state = current;
  for (const { e } of later) state = undoEvent(state, e);
  return state;
}

/** Did the card exist on `date`? It exists from its booking (财务入账) date on. */
export function existedOn(bookedOn: string, date: string): boolean {
  return date >= bookedOn;
}

/** The date of the card's latest custody/value event, or undefined; a new one may not be dated before it. */
export function latestLifecycleDate(events: readonly HistoryEvent[]): string | undefined {
  let latest: string | undefined;
  for (const e of events) if (UNDONE[e.type] && (latest === undefined || e.effectiveOn > latest)) latest = e.effectiveOn;
  return latest;
}
