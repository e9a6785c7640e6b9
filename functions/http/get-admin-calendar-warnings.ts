import { dayWarnings } from '../../domain/meetings/day-warnings';
import { ok, queryParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { calendarDaysParameter } from './calendar-schemas';

/**
 * The warnings for days an admin is about to give a meeting (holiday, eve, Christmas week,
 * weekend), so that the admin page can ask before saving. Pure: no table, no clock. Saving is
 * never blocked by a warning; the past is refused when saving (MEETING_IN_PAST).
 */
export const handler = httpFunction(async (event) => {
  const days = queryParameterAs(event, 'days', calendarDaysParameter);
  return ok({ warnings: [...new Set(days)].flatMap(dayWarnings) });
});
