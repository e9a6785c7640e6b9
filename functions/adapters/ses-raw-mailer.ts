import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AttachmentMailer } from '../../domain/ports';
import { buildMimeMessage, encodeMailbox, type MimeAttachment } from './mime-message';

/** A mail with files attached: one recipient, plain text and HTML. */
export interface OutgoingMailWithAttachments {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: readonly MimeAttachment[];
}

/**
 * Sends mail with attachments through SES v2 as a raw MIME message (the real service in AWS,
 * aws-ses-v2-local locally). SES takes the recipients from `Destination`, not from the To header;
 * both name the same single recipient here.
 */
export class SesRawMailer implements AttachmentMailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMailWithAttachments): Promise<void> {
    const raw = buildMimeMessage({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
    });
    await this.client.send(
      new SendEmailCommand({
        // SES accepts only ASCII here: a display name like "Kommunnätverket" goes as encoded words.
        FromEmailAddress: encodeMailbox(this.from),
        Destination: { ToAddresses: [mail.to] },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        // The SDK base64-encodes the bytes for the JSON API.
        Content: { Raw: { Data: new TextEncoder().encode(raw) } },
      }),
    );
  }
}
