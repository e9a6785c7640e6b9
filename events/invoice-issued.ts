import * as z from 'zod';
import { defineEvent } from './define-event';

/** An invoice or credit note got its number. */
export const InvoiceIssued = defineEvent({
  source: 'network.invoicing',
  detailType: 'InvoiceIssued',
  version: 1,
  summary: 'An invoice or credit note was issued. Consumers render its PDF and e-mail it.',
  detail: z.object({
    invoiceNumber: z.int().positive(),
    kind: z.enum(['invoice', 'credit-note']),
    feeYear: z.int(),
    billingPartyId: z.string(),
    totalOre: z.int(),
    creditOf: z.int().positive().optional(),
  }),
});
