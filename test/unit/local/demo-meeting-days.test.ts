import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dayWarnings } from '../../../domain/meetings/day-warnings';
import { planMeeting } from '../../../domain/meetings/meeting';
import { addDays } from '../../../domain/shared/stockholm-time';
import { clearDaysFrom, demoMeetings } from '../../../local/demo-data';
import { MEETINGS } from '../../../scripts/demo/seed-tables';

/** Every day a list of meetings is seeded on, with the warnings it draws. */
const warningsOf = (meetings: ReadonlyArray<{ days: readonly string[] }>) =>
  meetings.flatMap((meeting) => meeting.days).flatMap(dayWarnings);

describe('demoMeetings', () => {
  it('keeps the meetings of `npm start` on 7 December 2026 out of the Christmas week and off trettondedag jul', () => {
    // Act: the day issue 16 saw two meetings on 28–29 December and one on 6 January
    const meetings = demoMeetings('2026-12-07');

    // Assert
    expect(warningsOf(meetings)).toEqual([]);
    expect(meetings.map((meeting) => meeting.days)).toEqual([
      ['2026-12-15'],
      ['2026-12-21'],
      ['2027-01-04', '2027-01-05'],
      ['2027-01-07'],
      ['2027-01-11'],
    ]);
  });

  it('seeds no meeting on a holiday, eve, Christmas-week day or weekend, whatever day it is started', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 12 }), (offset) => {
        // Arrange
        const today = addDays('2024-01-01', offset);

        // Act
        const meetings = demoMeetings(today);

        // Assert
        expect(warningsOf(meetings)).toEqual([]);
        for (const meeting of meetings) {
          expect((meeting.days[0] as string) > addDays(today, 7)).toBe(true);
          expect(() => planMeeting(meeting, 'meeting-1')).not.toThrow();
        }
      }),
    );
  });
});

describe('clearDaysFrom', () => {
  it('keeps a clear day, and moves past julafton to the first working day after New Year', () => {
    expect(clearDaysFrom('2027-03-10')).toEqual(['2027-03-10']);
    expect(clearDaysFrom('2027-12-24')).toEqual(['2028-01-03']);
  });

  it('finds two clear days in a row for a two-day meeting (not a Friday and a Monday)', () => {
    expect(clearDaysFrom('2027-03-12', 2)).toEqual(['2027-03-15', '2027-03-16']);
  });
});

describe('the demo replay’s meetings (scripts/demo/seed-tables.ts)', () => {
  it('lie on no holiday, eve, Christmas-week day or weekend', () => {
    expect(warningsOf(MEETINGS)).toEqual([]);
  });
});
