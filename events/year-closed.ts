import * as z from 'zod';
import { defineEvent } from './define-event';

/** A year was closed: its figures freeze and the next year's fees are invoiced. */
export const YearClosed = defineEvent({
  source: 'network.years',
  detailType: 'YearClosed',
  version: 1,
  summary: 'A year was closed. Consumers invoice the fees of the following year.',
  detail: z.object({ year: z.int(), closedAt: z.iso.datetime() }),
});
