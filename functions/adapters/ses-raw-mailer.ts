import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AttachmentMailer } from '../../domain/ports';
import type { SuppressionList } from './dynamodb-suppression-list';
import { buildMimeMessage, encodeMailbox, type MimeAttachment } from './mime-message';
import { isSuppressed, type SendOutcome } from './ses-mailer';

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
 * both name the same single recipient here. A recipient on the suppression list gets nothing.
 */
export class SesRawMailer implements AttachmentMailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
    private readonly suppressions?: SuppressionList,
  ) {}

  async send(mail: OutgoingMailWithAttachments): Promise<void> {
    await this.sendUnlessSuppressed(mail);
  }

  /** {@link send}, telling whether the mail went to SES or was skipped for a suppressed recipient. */
  async sendUnlessSuppressed(mail: OutgoingMailWithAttachments): Promise<SendOutcome> {
    // Built first: a subject that would inject headers is refused even for a suppressed recipient.
    const raw = buildMimeMessage({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
    });
    if (await isSuppressed(this.suppressions, mail.to)) return 'suppressed';
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
    return 'sent';
  }
}
