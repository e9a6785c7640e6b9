import * as z from 'zod';
import { defineEvent } from './define-event';

/** A closed year's report was frozen: its figures no longer change. */
export const YearReportFrozen = defineEvent({
  source: 'network.reports',
  detailType: 'YearReportFrozen',
  version: 1,
  summary: 'The figures of a closed year were frozen into its report, with the time they were taken.',
  detail: z.object({ year: z.int(), frozenAt: z.iso.datetime() }),
});
