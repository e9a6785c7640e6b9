import { wholeNumber } from './cli-args';
import type { Command } from './command';

/** POST /api/admin/invoices/{number}/credit: a credit note, and with --reissue a corrected invoice. */
export const creditInvoice: Command = {
  name: 'credit-invoice',
  usage: '<number>',
  summary: 'Credit an invoice with a credit note; --reissue also issues a corrected invoice',
  options: ['--reissue            issue a corrected invoice from today’s data after the credit note'],
  flags: ['reissue'],
  targeted: true,
  arity: [1, 1],
  run: async ({ args, parsed, api, print }) => {
    const number = wholeNumber(args[0], '<number>', 1, 999_999_999_999);
    const { body } = await (await api()).call<{ creditNote: number; correctedInvoice?: number }>(
      'POST',
      `/api/admin/invoices/${number}/credit`,
      { json: { reissue: parsed.flags.has('reissue') } },
    );
    print(
      body,
      () =>
        `Invoice ${number} credited by credit note ${body.creditNote}` +
        `${body.correctedInvoice === undefined ? '' : `; corrected invoice ${body.correctedInvoice}`}. ` +
        'Both are e-mailed to the billing party.\n',
    );
    return 0;
  },
};
