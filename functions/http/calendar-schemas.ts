/**
 * Schemas of the meeting-day warnings (POST /api/admin/calendar/warnings). A file of their own, as
 * admin-people-schemas.ts, so that parallel work on schemas.ts does not collide with them.
 */
import * as z from 'zod';
import { DAY_WARNING_KINDS } from '../../domain/meetings/day-warnings';

/** At most a month of days in one question: the admin page asks for the one or two days of a meeting. */
export const MAX_CHECKED_DAYS = 31;

/** The days to check: one to 31 calendar dates. */
export const CalendarWarningsRequest = z
  .strictObject({
    days: z.array(z.iso.date()).min(1).max(MAX_CHECKED_DAYS),
  })
  .meta({ id: 'CalendarWarningsRequest' });

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
