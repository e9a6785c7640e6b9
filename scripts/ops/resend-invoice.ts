import { wholeNumber } from './cli-args';
import type { Command } from './command';

/**
 * POST /api/admin/invoices/{number}/resend: the invoice or credit note is e-mailed again, as issued
 * (same number, OCR, address and PDF), by the consumer of InvoiceResendRequested. Each request
 * mails once; running the command twice mails twice. A suppressed address (bounce or complaint)
 * gets nothing, as with every send.
 */
export const resendInvoice: Command = {
  name: 'resend-invoice',
  usage: '<number>',
  summary: 'E-mail an issued invoice or credit note again, as issued (sent asynchronously)',
  options: [
    'The API accepts the request (202) and the mail goes out within moments, once per request;',
    'an address on the suppression list (bounce or complaint) gets nothing.',
  ],
  flags: [],
  targeted: true,
  arity: [1, 1],
  run: async ({ args, api, print }) => {
    const number = wholeNumber(args[0], '<number>', 1, 999_999_999_999);
    const { body } = await (await api()).call<{ number: number; requestId: string }>(
      'POST',
      `/api/admin/invoices/${number}/resend`,
    );
    print(
      body,
      () =>
        `Invoice ${body.number} will be e-mailed again to its invoice address, as issued (request ${body.requestId}). ` +
        'The mail goes out asynchronously, within moments.\n',
    );
    return 0;
  },
};
