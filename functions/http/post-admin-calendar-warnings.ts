import { dayWarnings } from '../../domain/meetings/day-warnings';
import { ok, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { CalendarWarningsRequest } from './calendar-schemas';

/**
 * The warnings for days an admin is about to give a meeting (holiday, eve, Christmas week,
 * weekend), so that the admin page can ask before saving. A POST with the days in the body, as
 * the zod schema checks each date as the OpenAPI document says (a query string could only carry a
 * pattern). Pure: no table, no clock. Saving is
 * never blocked by a warning; the past is refused when saving (MEETING_IN_PAST).
 */
export const handler = httpFunction(async (event) => {
  const { days } = parseBody(CalendarWarningsRequest, event);
  return ok({ warnings: [...new Set(days)].flatMap(dayWarnings) });
});
