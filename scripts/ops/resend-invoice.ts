import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SendOutcome } from '../../functions/adapters/ses-mailer';
import { stringFlag, wholeNumber } from './cli-args';
import type { Command } from './command';
import { OpsFailure } from './ops-errors';

/** The sender the local cloud's functions use (local/local-cloud.ts). */
const LOCAL_MAIL_FROM = 'Kommunnätverket <noreply@network.local>';

/**
 * Sends an issued invoice or credit note again, as issued (same number, OCR and address), through
 * the send-invoice use case run in this process against the local cloud's table and SES.
 *
 * Why in-process and local only: the API has no resend route, and a deployed stage's sender, SES
 * configuration set and link-token key (which keys the suppression list) are not in the stack
 * outputs. No send-once mark is written: those marks are per (consumer, event) so that a
 * redelivered InvoiceIssued does not mail twice; a resend is a new, deliberate act, and running
 * the command twice sends twice. The suppression list is still asked, as for every send.
 */
export const resendInvoice: Command = {
  name: 'resend-invoice',
  usage: '<number>',
  summary: 'E-mail an issued invoice or credit note again, as issued (local cloud only, see help)',
  options: [
    '--mail-from <sender>   the sender (default the local cloud’s, Kommunnätverket <noreply@network.local>)',
    'Runs the send-invoice use case in this process against the table and the local SES;',
    'a deployed stage needs an API route for it (not there yet).',
  ],
  flags: ['mail-from'],
  targeted: true,
  arity: [1, 1],
  run: async ({ args, parsed, target, print }) => {
    const number = wholeNumber(args[0], '<number>', 1, 999_999_999_999);
    const where = await target();
    if (where.kind !== 'local' && !(where.dynamoDbEndpoint && where.sesEndpoint))
      throw new OpsFailure(
        'resend-invoice works against the local cloud only: a deployed stage has no resend route in its API yet.',
        'NOT_ON_A_STAGE',
      );
    let secret: string;
    try {
      secret = readFileSync(join(where.stateDir, 'link-token-secret'), 'utf8').trim();
    } catch {
      throw new OpsFailure(
        `No link-token key in ${where.stateDir} (it keys the suppression list): is this the local cloud's state folder?`,
        'NO_LINK_TOKEN_KEY',
      );
    }
    // Loaded here, not at the top: the PDF renderer and the SDK clients would slow every other command's start.
    const [
      { SESv2Client },
      { sendInvoice },
      { DynamoDbInvoiceLedger },
      { DynamoDbSuppressionList },
      { renderInvoicePdf },
      { SesRawMailer },
      { documentClient, randomIds, systemClock },
    ] = await Promise.all([
      import('@aws-sdk/client-sesv2'),
      import('../../domain/invoicing/send-invoice'),
      import('../../functions/adapters/dynamodb-invoice-ledger'),
      import('../../functions/adapters/dynamodb-suppression-list'),
      import('../../functions/adapters/pdf-invoice-renderer'),
      import('../../functions/adapters/ses-raw-mailer'),
      import('../../functions/shared/ports'),
    ]);
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const db = documentClient({ AWS_REGION: where.region, DYNAMODB_ENDPOINT: where.dynamoDbEndpoint });
    const ses = new SESv2Client({ region: where.region, endpoint: where.sesEndpoint, credentials });
    const key = Buffer.from(secret, 'base64url');
    const mailer = new SesRawMailer(
      ses,
      stringFlag(parsed, 'mail-from') ?? LOCAL_MAIL_FROM,
      undefined,
      new DynamoDbSuppressionList(db, where.tableName, async () => key),
    );
    let outcome: SendOutcome | 'not-found' = 'not-found';
    try {
      const result = await sendInvoice(
        {
          ledger: new DynamoDbInvoiceLedger(db, where.tableName, systemClock, randomIds),
          renderer: { render: renderInvoicePdf },
          attachmentMailer: {
            send: async (mail) => {
              outcome = await mailer.sendUnlessSuppressed(mail);
            },
          },
        },
        number,
      );
      if (result === 'skipped') outcome = 'not-found';
    } catch (error) {
      throw new OpsFailure(`Could not send invoice ${number}: ${(error as Error).message}`, 'SEND_FAILED', {
        cause: error,
      });
    } finally {
      db.destroy();
      ses.destroy();
    }
    if (outcome === 'not-found') throw new OpsFailure(`No invoice ${number}`, 'INVOICE_NOT_FOUND');
    const sent = outcome;
    print({ number, outcome: sent }, () =>
      sent === 'sent'
        ? `Invoice ${number} sent again to its invoice address.\n`
        : `Invoice ${number} NOT sent: its invoice address is on the suppression list (bounce or complaint).\n`,
    );
    return sent === 'sent' ? 0 : 1;
  },
};
