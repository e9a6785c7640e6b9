import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dayWarnings, isInChristmasWeek, meetingDayWarnings } from '../../../../domain/meetings/day-warnings';
import { addDays } from '../../../../domain/shared/stockholm-time';
import { weekdayOf } from '../../../../domain/shared/swedish-holidays';

describe('dayWarnings', () => {
  it('has nothing to say about an ordinary Wednesday', () => {
    expect(dayWarnings('2027-03-10')).toEqual([]);
  });

  it('warns of långfredagen 2027 as a public holiday', () => {
    expect(dayWarnings('2027-03-26')).toEqual([
      { day: '2027-03-26', kind: 'public-holiday', name: 'långfredagen' },
    ]);
  });

  it('warns of trettondedag jul as a public holiday, outside the Christmas week', () => {
    expect(dayWarnings('2027-01-06')).toEqual([
      { day: '2027-01-06', kind: 'public-holiday', name: 'trettondedag jul' },
    ]);
  });

  it('names midsommarafton an eve, not a public holiday', () => {
    expect(dayWarnings('2027-06-25')).toEqual([{ day: '2027-06-25', kind: 'eve', name: 'midsommarafton' }]);
  });

  it('warns of julafton on a Friday as an eve in the Christmas week', () => {
    expect(dayWarnings('2027-12-24')).toEqual([
      { day: '2027-12-24', kind: 'eve', name: 'julafton' },
      { day: '2027-12-24', kind: 'christmas-week', name: 'julveckan' },
    ]);
  });

  it('warns of the working days between Christmas and New Year as the Christmas week', () => {
    expect(dayWarnings('2026-12-28')).toEqual([
      { day: '2026-12-28', kind: 'christmas-week', name: 'julveckan' },
    ]);
    expect(dayWarnings('2026-12-29')).toEqual([
      { day: '2026-12-29', kind: 'christmas-week', name: 'julveckan' },
    ]);
  });

  it('warns of a Saturday and of påskdagen as a Sunday too', () => {
    expect(dayWarnings('2027-03-13')).toEqual([{ day: '2027-03-13', kind: 'weekend', name: 'lördag' }]);
    expect(dayWarnings('2027-03-28')).toEqual([
      { day: '2027-03-28', kind: 'public-holiday', name: 'påskdagen' },
      { day: '2027-03-28', kind: 'weekend', name: 'söndag' },
    ]);
  });

  it('warns of every Saturday and Sunday and of no weekday outside holidays and the Christmas week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 50 }), (offset) => {
        const day = addDays('2000-01-01', offset);
        const kinds = dayWarnings(day).map((warning) => warning.kind);
        const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
        expect(kinds.includes('weekend')).toBe(weekend);
        expect(kinds.includes('christmas-week')).toBe(isInChristmasWeek(day));
        expect(dayWarnings(day).every((warning) => warning.day === day && warning.name.length > 0)).toBe(
          true,
        );
      }),
    );
  });
});

describe('isInChristmasWeek', () => {
  it.each([
    ['2026-12-23', false],
    ['2026-12-24', true],
    ['2026-12-31', true],
    ['2027-01-01', true],
    ['2027-01-02', false],
  ])('%s → %s', (day, expected) => {
    expect(isInChristmasWeek(day)).toBe(expected);
  });
});

describe('meetingDayWarnings', () => {
  it('lists the warnings of each day of a meeting, in day order', () => {
    expect(meetingDayWarnings(['2027-06-26', '2027-06-25']).map((w) => `${w.day} ${w.name}`)).toEqual([
      '2027-06-25 midsommarafton',
      '2027-06-26 midsommardagen',
      '2027-06-26 lördag',
    ]);
  });
});
