/**
 * Schemas of the meeting-day warnings (GET /api/admin/calendar/warnings). A file of their own, as
 * admin-people-schemas.ts, so that parallel work on schemas.ts does not collide with them.
 */
import * as z from 'zod';
import { DAY_WARNING_KINDS } from '../../domain/meetings/day-warnings';

const DATE = '\\d{4}-\\d{2}-\\d{2}';
/** At most a month of days in one question: the admin page asks for the one or two days of a meeting. */
export const MAX_CHECKED_DAYS = 31;

/** `?days=2027-01-06,2027-03-26`: one to 31 calendar dates, comma-separated. */
export const calendarDaysParameter = z
  .string()
  .regex(new RegExp(`^${DATE}(,${DATE}){0,${MAX_CHECKED_DAYS - 1}}$`), {
    message: `Expected 1 to ${MAX_CHECKED_DAYS} dates YYYY-MM-DD, comma-separated`,
  })
  .transform((text) => text.split(','))
  .pipe(z.array(z.iso.date({ message: 'Expected real dates YYYY-MM-DD' })))
  // The document sees only the string before the transform.
  .meta({
    description: `1 to ${MAX_CHECKED_DAYS} dates YYYY-MM-DD, comma-separated`,
    example: '2027-01-06,2027-03-26',
  });

export const DayWarning = z
  .object({
    day: z.iso.date(),
    kind: z
      .enum(DAY_WARNING_KINDS)
      .describe(
        'public-holiday (allmän helgdag, lag 1989:253), eve (julafton, midsommarafton, nyårsafton: de facto days off), christmas-week (24 December – 1 January), weekend',
      ),
    name: z.string().describe('Swedish: långfredagen, julveckan, lördag'),
  })
  .meta({ id: 'DayWarning' });

export const CalendarWarnings = z
  .object({
    warnings: z
      .array(DayWarning)
      .describe('In the order of the days asked; empty when every day is an ordinary weekday'),
  })
  .meta({ id: 'CalendarWarnings' });
