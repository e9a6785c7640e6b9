import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../domain/ports';
import { encodeMailbox } from './mime-message';

/** Sends mail through SES v2 (the real service in AWS, aws-ses-v2-local locally). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        // SES wants a non-ASCII display name (Kommunnätverket) as an RFC 2047 encoded word.
        FromEmailAddress: encodeMailbox(this.from),
        Destination: { ToAddresses: [mail.to] },
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
  }
}
