import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  formatStockholmIso,
  stockholmDate,
  stockholmInstant,
  stockholmOffsetMinutes,
  stockholmWallClock,
} from '../../../../domain/shared/stockholm-time';

// EU rule: clocks change at 01:00 UTC on the last Sunday of March and of October.
const SPRING_2027 = Date.parse('2027-03-28T01:00:00Z');
const AUTUMN_2027 = Date.parse('2027-10-31T01:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The first pass through the repeated autumn hour (02:00–02:59 CEST), which the second pass (CET) shadows. */
const inFirstRepeatedHour = (instant: Date): boolean =>
  stockholmOffsetMinutes(instant) === 120 &&
  stockholmOffsetMinutes(new Date(instant.getTime() + HOUR)) === 60;

/** The wall clock at an instant, converted back with minute precision. */
const roundTrip = (instant: Date): Date => {
  const wall = stockholmWallClock(instant);
  return stockholmInstant(wall.date, wall.time.slice(0, 5));
};

const toMinute = (instant: Date): number => Math.floor(instant.getTime() / MINUTE) * MINUTE;

describe('stockholmInstant', () => {
  it('puts 09:30 on a winter day at 08:30 UTC (CET, +01:00)', () => {
    // Arrange
    const date = '2026-12-03';

    // Act
    const instant = stockholmInstant(date, '09:30');

    // Assert
    expect(instant.toISOString()).toBe('2026-12-03T08:30:00.000Z');
  });

  it('puts 09:30 on a summer day at 07:30 UTC (CEST, +02:00)', () => {
    // Arrange
    const date = '2026-07-01';

    // Act
    const instant = stockholmInstant(date, '09:30');

    // Assert
    expect(instant.toISOString()).toBe('2026-07-01T07:30:00.000Z');
  });

  it('uses the winter offset just before and the summer offset just after the spring switch', () => {
    // Arrange
    const day = '2027-03-28';

    // Act
    const before = stockholmInstant(day, '01:59');
    const after = stockholmInstant(day, '03:00');

    // Assert
    expect(before.toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(after.toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('moves a time in the hour skipped in spring one hour later, as documented', () => {
    // Arrange: 02:30 never shows on Stockholm clocks on 2027-03-28

    // Act
    const instant = stockholmInstant('2027-03-28', '02:30');

    // Assert: 03:30 CEST
    expect(instant.toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('uses the summer offset just before and the winter offset just after the autumn switch', () => {
    // Arrange
    const day = '2027-10-31';

    // Act
    const before = stockholmInstant(day, '01:59');
    const after = stockholmInstant(day, '03:00');

    // Assert
    expect(before.toISOString()).toBe('2027-10-30T23:59:00.000Z');
    expect(after.toISOString()).toBe('2027-10-31T02:00:00.000Z');
  });

  it('gives an instant at which Stockholm clocks show the repeated autumn time', () => {
    // Arrange: 02:30 shows twice on 2027-10-31 (00:30Z and 01:30Z)

    // Act
    const instant = stockholmInstant('2027-10-31', '02:30');

    // Assert
    expect(stockholmWallClock(instant)).toEqual({ date: '2027-10-31', time: '02:30:00' });
    expect(['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']).toContain(instant.toISOString());
  });

  it('round-trips every instant through the wall clock to the minute, except the first repeated autumn hour', () => {
    // Arrange: instants from 1990 (Sweden has kept the EU rules since) to 2100.
    // The first pass through 02:00–02:59 on the last Sunday of October shows the same wall clock as
    // the second one an hour later; a wall clock cannot name both, and stockholmInstant picks the
    // second (CET). Those instants are excluded; every other minute of the year must come back.
    const instants = fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2100-12-31T23:59:59Z'),
      noInvalidDate: true,
    });

    // Act + Assert
    fc.assert(
      fc.property(instants, (instant) => {
        fc.pre(!inFirstRepeatedHour(instant));
        expect(roundTrip(instant).getTime()).toBe(toMinute(instant));
      }),
      { numRuns: 2_000 },
    );
  });

  it('round-trips every minute within three hours of a DST switch, except the first repeated autumn hour', () => {
    // Arrange: random instants rarely land on the switch days, so aim at them
    const nearSwitch = fc
      .tuple(fc.constantFrom(SPRING_2027, AUTUMN_2027), fc.integer({ min: -180 * 60, max: 180 * 60 }))
      .map(([switchAt, seconds]) => new Date(switchAt + seconds * 1000));

    // Act + Assert
    fc.assert(
      fc.property(nearSwitch, (instant) => {
        fc.pre(!inFirstRepeatedHour(instant));
        expect(roundTrip(instant).getTime()).toBe(toMinute(instant));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('stockholmOffsetMinutes', () => {
  it('is 60 in winter and 120 in summer', () => {
    // Arrange
    const winter = new Date('2026-12-03T08:30:00Z');
    const summer = new Date('2026-07-01T07:30:00Z');

    // Act
    const offsets = [stockholmOffsetMinutes(winter), stockholmOffsetMinutes(summer)];

    // Assert
    expect(offsets).toEqual([60, 120]);
  });

  it('changes at 01:00 UTC on the switch days of 2027', () => {
    // Arrange
    const instants = [SPRING_2027 - 1000, SPRING_2027, AUTUMN_2027 - 1000, AUTUMN_2027].map(
      (t) => new Date(t),
    );

    // Act
    const offsets = instants.map(stockholmOffsetMinutes);

    // Assert
    expect(offsets).toEqual([60, 120, 120, 60]);
  });
});

describe('formatStockholmIso', () => {
  it('writes a winter instant with +01:00', () => {
    // Arrange
    const instant = new Date('2026-12-02T22:59:00Z');

    // Act
    const text = formatStockholmIso(instant);

    // Assert
    expect(text).toBe('2026-12-02T23:59:00+01:00');
  });

  it('writes a summer instant with +02:00', () => {
    // Arrange
    const instant = new Date('2026-07-01T07:30:00Z');

    // Act
    const text = formatStockholmIso(instant);

    // Assert
    expect(text).toBe('2026-07-01T09:30:00+02:00');
  });

  it('tells the two passes through the repeated autumn hour apart by their offset', () => {
    // Arrange
    const first = new Date('2027-10-31T00:30:00Z');
    const second = new Date('2027-10-31T01:30:00Z');

    // Act
    const texts = [formatStockholmIso(first), formatStockholmIso(second)];

    // Assert
    expect(texts).toEqual(['2027-10-31T02:30:00+02:00', '2027-10-31T02:30:00+01:00']);
  });

  it('moves to the next Stockholm date and year when UTC is still on the old one', () => {
    // Arrange
    const instant = new Date('2026-12-31T23:30:00Z');

    // Act
    const text = formatStockholmIso(instant);

    // Assert
    expect(text).toBe('2027-01-01T00:30:00+01:00');
  });

  it('names the same instant that it formats', () => {
    // Arrange
    const instants = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2060-12-31T23:59:59Z'),
      noInvalidDate: true,
    });

    // Act + Assert
    fc.assert(
      fc.property(instants, (instant) => {
        expect(Date.parse(formatStockholmIso(instant))).toBe(Math.floor(instant.getTime() / 1000) * 1000);
      }),
    );
  });
});

describe('stockholmDate', () => {
  it('is already the next day in Stockholm at 23:30 UTC', () => {
    // Arrange
    const instant = new Date('2027-06-14T22:30:00Z');

    // Act
    const date = stockholmDate(instant);

    // Assert
    expect(date).toBe('2027-06-15');
  });
});

describe('addDays', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2027-01-31', 1, '2027-02-01'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-03-27', 1, '2027-03-28'],
    ['2027-10-31', 1, '2027-11-01'],
    ['2027-03-10', 0, '2027-03-10'],
    ['2027-03-10', 365, '2028-03-09'],
  ])('takes %s plus %i days to %s', (date, days, expected) => {
    // Arrange: the cases above

    // Act
    const result = addDays(date, days);

    // Assert
    expect(result).toBe(expected);
  });

  it('undoes itself when the days are negated', () => {
    // Arrange
    const dates = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const days = fc.integer({ min: -1_000, max: 1_000 });

    // Act + Assert
    fc.assert(
      fc.property(dates, days, (date, n) => {
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });
});
