import * as z from 'zod';
import { defineEvent } from './define-event';

/** The secretariat asked for an issued invoice or credit note to be e-mailed again. */
export const InvoiceResendRequested = defineEvent({
  source: 'network.invoicing',
  detailType: 'InvoiceResendRequested',
  version: 1,
  summary:
    'An admin asked for an issued invoice or credit note to be e-mailed again, as issued. Each request mails once.',
  detail: z.object({ invoiceNumber: z.int().positive() }),
});
