import * as z from 'zod';
import { defineEvent } from './define-event';

/** A year was closed: its figures freeze and the next year's fees are invoiced. */
export const YearClosed = defineEvent({
  source: 'network.years',
  detailType: 'YearClosed',
  version: 1,
  summary: 'A year was closed. Consumers invoice the fees of the following year.',
  detail: z.object({ year: z.int(), closedAt: z.iso.datetime() }),
  consumers: [
    {
      name: 'issue-invoices',
      entry: 'functions/consumers/on-year-closed-issue-invoices.ts',
      summary:
        'Issues one invoice per billing party for the next fee year, numbered without gaps; reports members it cannot invoice.',
    },
    {
      name: 'freeze-year-report',
      entry: 'functions/consumers/on-year-closed-freeze-report.ts',
      summary:
        'Freezes the closed year’s report (figures, members, survey) with the time it was taken; once.',
    },
  ],
});
