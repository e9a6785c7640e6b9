import * as z from 'zod';
import { defineEvent } from './define-event';

/** A fee schedule was set by hand or derived by indexation. */
export const FeeScheduleSet = defineEvent({
  source: 'network.fees',
  detailType: 'FeeScheduleSet',
  version: 1,
  summary: 'The fee schedule of a year was set, by hand or by indexation from the previous year.',
  detail: z.object({ year: z.int(), indexedFromYear: z.int().optional() }),
});
