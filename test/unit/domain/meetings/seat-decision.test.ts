import { describe, expect, it } from '@jest/globals';
import {
  afterCancellation,
  afterPlace,
  afterPromotion,
  anySeatFree,
  decidePlace,
  fitsOn,
  nextToPromote,
} from '../../../../domain/meetings/seat-decision';

const D1 = '2027-03-10';
const D2 = '2027-03-11';
const counters = (seatsTaken: Record<string, number>, waitlisted = 0, capacity = 2) => ({
  capacity,
  seatsTaken,
  waitlisted,
});

describe('decidePlace', () => {
  it('gives a seat when nobody waits and every chosen day has one free', () => {
    const decision = decidePlace(counters({ [D1]: 1, [D2]: 0 }), { days: [D1, D2] });

    expect(decision).toEqual({ status: 'confirmed', premise: { kind: 'seat', days: [D1, D2] } });
  });

  it('queues when a chosen day is full, naming the day', () => {
    const decision = decidePlace(counters({ [D1]: 0, [D2]: 2 }), { days: [D1, D2] });

    expect(decision).toEqual({ status: 'waitlisted', premise: { kind: 'day-full', day: D2 } });
  });

  it('queues behind those waiting even when the chosen day has seats free', () => {
    const decision = decidePlace(counters({ [D1]: 2, [D2]: 0 }, 1), { days: [D2] });

    expect(decision).toEqual({ status: 'waitlisted', premise: { kind: 'someone-waits' } });
  });

  it('seats on a two-day meeting someone who wants only the day that is free, if nobody waits', () => {
    const decision = decidePlace(counters({ [D1]: 2, [D2]: 1 }), { days: [D2] });

    expect(decision.status).toBe('confirmed');
  });

  it('counts a day without a counter as having no seat taken', () => {
    expect(decidePlace(counters({}), { days: [D1] }).status).toBe('confirmed');
  });
});

describe('nextToPromote', () => {
  it('picks the first in queue order whose days all fit, skipping one who waits for a full day', () => {
    const queue = [
      { id: 'a', days: [D1] },
      { id: 'b', days: [D1, D2] },
      { id: 'c', days: [D2] },
      { id: 'd', days: [D2] },
    ];

    const next = nextToPromote(counters({ [D1]: 2, [D2]: 1 }, 4), queue);

    expect(next?.id).toBe('c');
  });

  it('picks nobody when no one fits', () => {
    expect(nextToPromote(counters({ [D1]: 2 }, 1), [{ days: [D1] }])).toBeUndefined();
  });

  it('picks the head of the queue when a seat is free for it', () => {
    const queue = [
      { id: 'a', days: [D1] },
      { id: 'b', days: [D1] },
    ];

    expect(nextToPromote(counters({ [D1]: 1 }, 2), queue)?.id).toBe('a');
  });
});

describe('fitsOn and anySeatFree', () => {
  it('fits only when every day is below capacity', () => {
    expect(fitsOn(counters({ [D1]: 1, [D2]: 2 }), [D1])).toBe(true);
    expect(fitsOn(counters({ [D1]: 1, [D2]: 2 }), [D1, D2])).toBe(false);
  });

  it('sees a free seat on any day of the meeting', () => {
    expect(anySeatFree(counters({ [D1]: 2, [D2]: 1 }), [D1, D2])).toBe(true);
    expect(anySeatFree(counters({ [D1]: 2, [D2]: 2 }), [D1, D2])).toBe(false);
  });
});

describe('the counters after a change', () => {
  it('take a seat on each day, or a place in the queue', () => {
    expect(afterPlace(counters({ [D1]: 1, [D2]: 0 }), [D1, D2], 'confirmed')).toEqual(
      counters({ [D1]: 2, [D2]: 1 }),
    );
    expect(afterPlace(counters({ [D1]: 2 }), [D1], 'waitlisted')).toEqual(counters({ [D1]: 2 }, 1));
  });

  it('give back what a cancelled registration held', () => {
    expect(afterCancellation(counters({ [D1]: 2, [D2]: 1 }, 1), [D1], 'confirmed')).toEqual(
      counters({ [D1]: 1, [D2]: 1 }, 1),
    );
    expect(afterCancellation(counters({ [D1]: 2 }, 1), [D1], 'waitlisted')).toEqual(counters({ [D1]: 2 }));
  });

  it('move a promoted registration from the queue to a seat on each of its days', () => {
    expect(afterPromotion(counters({ [D1]: 1, [D2]: 1 }, 2), [D2])).toEqual(
      counters({ [D1]: 1, [D2]: 2 }, 1),
    );
  });

  it('never let a sequence of decided places exceed capacity', () => {
    let state = counters({ [D1]: 0, [D2]: 0 }, 0, 3);
    const requests = [[D1], [D1, D2], [D2], [D1], [D1, D2], [D2], [D2], [D1]];
    for (const days of requests) state = afterPlace(state, days, decidePlace(state, { days }).status);

    expect(state.seatsTaken[D1]).toBeLessThanOrEqual(3);
    expect(state.seatsTaken[D2]).toBeLessThanOrEqual(3);
    expect(state).toEqual(counters({ [D1]: 3, [D2]: 2 }, 4, 3));
  });
});
