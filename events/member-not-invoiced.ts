import * as z from 'zod';
import { defineEvent } from './define-event';

/** A member could not be invoiced; nothing was guessed. */
export const MemberNotInvoiced = defineEvent({
  source: 'network.invoicing',
  detailType: 'MemberNotInvoiced',
  version: 1,
  summary: 'A member was left out of a fee run (e.g. no population figure): the secretariat must act.',
  detail: z.object({
    feeYear: z.int(),
    municipalityCode: z.string(),
    reason: z.enum(['MISSING_POPULATION', 'NO_BILLING_PARTY']),
  }),
});
