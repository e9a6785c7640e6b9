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
  consumers: [
    {
      name: 'resend-invoice',
      entry: 'functions/consumers/on-invoice-resend-requested-send-invoice.ts',
      summary:
        'Renders the invoice as issued (same number, OCR and address) and e-mails it again, once per request.',
      sendsEmail: true,
    },
  ],
});
