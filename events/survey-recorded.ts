import * as z from 'zod';
import { defineEvent } from './define-event';

/** The secretariat recorded (or corrected) a year's December survey. */
export const SurveyRecorded = defineEvent({
  source: 'network.reports',
  detailType: 'SurveyRecorded',
  version: 1,
  summary: 'A year’s December survey was recorded: respondents (and recipients per list, when known).',
  detail: z.object({ year: z.int(), respondents: z.int().nonnegative() }),
});
