// A card's state on a past date from its dated events (shared/domain/asset-history.ts). Expectations are
// literals written from the event details below, never produced by the code under test.
import { describe, expect, it } from 'vitest';
import { existedOn, fieldsOn, latestLifecycleDate, undoEvent, type HistoryEvent, type HistoryFields } from '../../shared/domain/asset-history';

// The story: booked 2026-03-15 in L01/NK (张医生, 门诊楼, 在用), ¥6,000.00 over 72 months;
// 2026-05-06 move to 李护士 / 住院部 / 闲置; 2026-06-10 cost +1,200.00 and 84 months;
// 2026-07-01 transfer to T01/QK (王医生, 放射科); 2026-08-20 disposed (报废).
const EVENTS: HistoryEvent[] = [
  { type: 'acquire', effectiveOn: '2026-03-15', detail: { acquisitionMethod: '新购', costFen: 600000, unitCode: 'L01' } },
  { type: 'edit', effectiveOn: '2026-04-02', detail: { model: ['M437', 'M455'] } },
  { type: 'move', effectiveOn: '2026-05-06', detail: { userName: ['张医生', '李护士'], location: ['门诊楼', '住院部'], status: ['在用', '闲置'] } },
  { type: 'cost-change', effectiveOn: '2026-06-10', detail: { costFen: [600000, 720000], lifeMonths: [72, 84], reason: '扩容', accumulatedFen: 24999 } },
  {
    type: 'transfer',
    effectiveOn: '2026-07-01',
    detail: { unitId: ['u-L01', 'u-T01'], usingDeptId: ['d-NK', 'd-QK'], userName: ['李护士', '王医生'], location: ['住院部', '放射科'], unitCode: ['L01', 'T01'] },
  },
  { type: 'dispose', effectiveOn: '2026-08-20', detail: { type: '报废', status: ['闲置', '已处置'], netFen: 677841 } },
];

const NOW: HistoryFields = {
  unitId: 'u-T01',
  usingDeptId: 'd-QK',
  managingDeptId: null,
  userName: '王医生',
  location: '放射科',
  status: '已处置',
  costFen: 720000,
  lifeMonths: 84,
  fundOwnFen: 720000,
  disposedOn: '2026-08-20',
  disposalType: '报废',
};

const AT_BOOKING: HistoryFields = {
  unitId: 'u-L01',
  usingDeptId: 'd-NK',
  managingDeptId: null,
  userName: '张医生',
  location: '门诊楼',
  status: '在用',
  costFen: 600000,
  lifeMonths: 72,
  fundOwnFen: 600000,
  disposedOn: null,
  disposalType: null,
};
const AFTER_MOVE: HistoryFields = { ...AT_BOOKING, userName: '李护士', location: '住院部', status: '闲置' };
const AFTER_COST: HistoryFields = { ...AFTER_MOVE, costFen: 720000, lifeMonths: 84, fundOwnFen: 720000 };
const AFTER_TRANSFER: HistoryFields = { ...AFTER_COST, unitId: 'u-T01', usingDeptId: 'd-QK', userName: '王医生', location: '放射科' };

describe('fieldsOn: the state on each date between the events', () => {
  it.each<[string, HistoryFields]>([
    ['2026-03-15', AT_BOOKING],
    ['2026-05-05', AT_BOOKING],
    ['2026-05-06', AFTER_MOVE], // an event dated D counts on D
    ['2026-06-09', AFTER_MOVE],
    ['2026-06-10', AFTER_COST],
    ['2026-06-30', AFTER_COST],
    ['2026-07-01', AFTER_TRANSFER],
    ['2026-08-19', AFTER_TRANSFER],
    ['2026-08-20', NOW],
    ['2030-01-01', NOW],
  ])('on %s', (date, expected) => {
    expect(fieldsOn(NOW, EVENTS, date)).toEqual(expected);
  });

  it('does not depend on the order the events are passed in (they are sorted by date)', () => {
    expect(fieldsOn(NOW, [...EVENTS].reverse(), '2026-05-05')).toEqual(AT_BOOKING);
    expect(fieldsOn(NOW, [EVENTS[3]!, EVENTS[5]!, EVENTS[0]!, EVENTS[4]!, EVENTS[2]!], '2026-06-30')).toEqual(AFTER_COST);
  });

  it('two events on the same date are undone in reverse recording order', () => {
    const sameDay: HistoryEvent[] = [
      { type: 'move', effectiveOn: '2026-05-06', detail: { location: ['门诊楼', '仓库'] } },
      { type: 'move', effectiveOn: '2026-05-06', detail: { location: ['仓库', '住院部'] } },
    ];
    const now = { ...AT_BOOKING, location: '住院部' };
    expect(fieldsOn(now, sameDay, '2026-05-05').location).toBe('门诊楼');
    expect(fieldsOn(now, sameDay, '2026-05-06').location).toBe('住院部');
  });

  it('a cost decrease gives the difference back to own funds; a life-only change leaves the cost', () => {
    const now = { ...AT_BOOKING, costFen: 500000, fundOwnFen: 300000, lifeMonths: 96 };
    const events: HistoryEvent[] = [
      { type: 'cost-change', effectiveOn: '2027-01-05', detail: { costFen: [600000, 500000] } },
      { type: 'life-change', effectiveOn: '2027-02-01', detail: { lifeMonths: [72, 96] } },
    ];
    expect(fieldsOn(now, events, '2027-01-31')).toMatchObject({ costFen: 500000, fundOwnFen: 300000, lifeMonths: 72 });
    expect(fieldsOn(now, events, '2027-01-04')).toMatchObject({ costFen: 600000, fundOwnFen: 400000, lifeMonths: 72 });
  });

  it('edits are corrections and are never undone; unknown event types are ignored', () => {
    const e: HistoryEvent = { type: 'edit', effectiveOn: '2026-09-01', detail: { location: ['甲', '乙'] } };
    expect(undoEvent(NOW, e)).toBe(NOW);
    expect(undoEvent(NOW, { type: 'stocktake', effectiveOn: '2026-09-01', detail: { status: ['在用', '闲置'] } })).toBe(NOW);
  });

  it('shared use puts back the status it changed; a detail without a before/after pair changes nothing', () => {
    const lent = { ...AFTER_TRANSFER, status: '出租出借' };
    expect(undoEvent(lent, { type: 'share-start', effectiveOn: '2026-07-10', detail: { status: ['闲置', '出租出借'], borrower: 'T02' } }).status).toBe('闲置');
    expect(undoEvent(lent, { type: 'share-start', effectiveOn: '2026-07-10', detail: { borrower: 'T02' } })).toEqual(lent);
  });
});

describe('existedOn and latestLifecycleDate', () => {
  it.each([
    ['2026-03-15', '2026-03-14', false],
    ['2026-03-15', '2026-03-15', true],
    ['2026-03-15', '2027-01-01', true],
  ])('booked %s, on %s → %s', (booked, date, ok) => expect(existedOn(booked, date)).toBe(ok));

  it('the latest custody/value event, ignoring acquisition and edits', () => {
    expect(latestLifecycleDate(EVENTS)).toBe('2026-08-20');
    expect(latestLifecycleDate(EVENTS.slice(0, 3))).toBe('2026-05-06');
    expect(latestLifecycleDate([EVENTS[0]!, { type: 'edit', effectiveOn: '2026-11-29', detail: {} }])).toBeUndefined();
  });
});
