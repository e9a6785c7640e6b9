import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../domain/ports';
import { logger } from '../shared/logger';
import type { SuppressionList } from './dynamodb-suppression-list';
import { encodeMailbox } from './mime-message';

/** What became of one mail: handed to SES, or skipped because its recipient is suppressed. */
export type SendOutcome = 'sent' | 'suppressed';

/**
 * True when the recipient is on the suppression list (a permanent bounce or a complaint). The skip
 * is logged with the reason and SES's feedback id, never the address. Not an error: the consumer
 * that asked for the mail has done its part, and throwing would only retry it until the dead-letter
 * queue, with the same answer every time.
 */
export const isSuppressed = async (
  suppressions: SuppressionList | undefined,
  to: string,
): Promise<boolean> => {
  if (!suppressions) return false;
  const entry = await suppressions.lookUp(to);
  if (!entry) return false;
  logger.info('mail to a suppressed address skipped', {
    suppressionReason: entry.reason,
    feedbackId: entry.feedbackId,
  });
  return true;
};

/**
 * Sends mail through SES v2 (the real service in AWS, aws-ses-v2-local locally), unless the
 * recipient is on the suppression list.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
    private readonly suppressions?: SuppressionList,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.sendUnlessSuppressed(mail);
  }

  /** {@link send}, telling whether the mail went to SES or was skipped for a suppressed recipient. */
  async sendUnlessSuppressed(mail: OutgoingMail): Promise<SendOutcome> {
    if (await isSuppressed(this.suppressions, mail.to)) return 'suppressed';
    await this.client.send(
      new SendEmailCommand({
        // SES wants a non-ASCII display name (Kommunnätverket) as an RFC 2047 encoded word.
        FromEmailAddress: encodeMailbox(this.from),
        Destination: { ToAddresses: [mail.to] },
        ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: mail.text, Charset: 'UTF-8' },
              Html: { Data: mail.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    return 'sent';
  }
}
