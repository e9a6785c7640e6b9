import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { invoiceMail } from '../../../formats/mail/invoice-mail';
import { renderInvoicePdf } from '../../../functions/adapters/pdf-invoice-renderer';
import { SesRawMailer } from '../../../functions/adapters/ses-raw-mailer';
import { type LocalSes, readLocalInbox, type StoredMail, startLocalSes } from '../../../local/ses-local';
import { dalslandInvoice } from '../../unit/functions/adapters/invoice-fixtures';

/** What aws-ses-v2-local stores per attachment of a raw mail: mailparser's attachment, content as base64. */
interface StoredAttachment {
  filename?: string;
  contentType: string;
  contentDisposition?: string;
  content: string;
  size: number;
}

type StoredMailWithAttachments = StoredMail & { attachments: StoredAttachment[] };

const FROM = 'Kommunnätverket <noreply@network.local>';

describe('SesRawMailer', () => {
  let ses: LocalSes;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startLocalSes({ port: 0 });
    client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  beforeEach(async () => {
    const cleared = await fetch(`${ses.endpoint}/clear-store`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local' },
    });
    expect(cleared.ok).toBe(true);
  });

  it('delivers subject, recipient, both bodies and the PDF of an invoice through the local SES', async () => {
    // Arrange
    const invoice = dalslandInvoice();
    const mail = invoiceMail(invoice);
    const pdf = await renderInvoicePdf(invoice);
    const mailer = new SesRawMailer(client, FROM, 'invoices');

    // Act
    await mailer.send({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: [{ filename: mail.attachmentName, contentType: 'application/pdf', content: pdf }],
    });

    // Assert
    const inbox = (await readLocalInbox(ses.endpoint)) as StoredMailWithAttachments[];
    expect(inbox).toHaveLength(1);
    const [stored] = inbox;
    expect(stored?.subject).toBe('Faktura 1042 – årsavgift 2024, Kommunnätverket för hållbar utveckling');
    expect(stored?.from).toBe('"Kommunnätverket" <noreply@network.local>');
    expect(stored?.destination.to).toEqual(['ekonomi@dalsland.example']);
    expect(stored?.body.text).toBe(mail.text);
    expect(stored?.body.text).toContain('Att betala: 50 726,25 kr');
    expect(stored?.body.html).toBe(mail.html);
    expect(stored?.attachments).toHaveLength(1);
    const [attachment] = stored?.attachments ?? [];
    expect(attachment).toMatchObject({
      filename: 'faktura-1042.pdf',
      contentType: 'application/pdf',
      contentDisposition: 'attachment',
      size: pdf.byteLength,
    });
    expect(Buffer.from(attachment?.content ?? '', 'base64').equals(Buffer.from(pdf))).toBe(true);
  });

  it('keeps a non-ASCII attachment name', async () => {
    // Arrange
    const mailer = new SesRawMailer(client, 'noreply@network.local');

    // Act
    await mailer.send({
      to: 'ekonomi@dalsland.example',
      subject: 'Kreditfaktura 1050',
      text: 'Hej!',
      html: '<p>Hej!</p>',
      attachments: [
        {
          filename: 'kreditfaktura för årsavgiften – Dalslands miljö- och energiförbund.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
        },
      ],
    });

    // Assert
    const [mail] = (await readLocalInbox(ses.endpoint)) as StoredMailWithAttachments[];
    expect(mail?.attachments[0]?.filename).toBe(
      'kreditfaktura för årsavgiften – Dalslands miljö- och energiförbund.pdf',
    );
  });

  it('sends raw bytes, the sender with an encoded display name and the configuration set', async () => {
    // Arrange: record the command instead of sending it.
    const sent: SendEmailCommand[] = [];
    const recorder = {
      send: async (command: SendEmailCommand) => sent.push(command),
    } as unknown as SESv2Client;

    // Act
    await new SesRawMailer(recorder, FROM, 'invoices').send({
      to: 'ekonomi@dalsland.example',
      subject: 'Faktura 1042',
      text: 'Hej!',
      html: '<p>Hej!</p>',
      attachments: [],
    });

    // Assert
    const [command] = sent;
    expect(command).toBeInstanceOf(SendEmailCommand);
    expect(command?.input.FromEmailAddress).toBe(
      '=?UTF-8?B?S29tbXVubsOkdHZlcmtldA==?= <noreply@network.local>',
    );
    expect(command?.input.Destination).toEqual({ ToAddresses: ['ekonomi@dalsland.example'] });
    expect(command?.input.ConfigurationSetName).toBe('invoices');
    const data = command?.input.Content?.Raw?.Data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(data)).toMatch(
      /^From: =\?UTF-8\?B\?S29tbXVubsOkdHZlcmtldA==\?= <noreply@network\.local>\r\nTo: ekonomi@dalsland\.example\r\n/,
    );
  });

  it('refuses a subject that would inject headers, before anything is sent', async () => {
    // Arrange
    const mailer = new SesRawMailer(client, FROM);

    // Act
    const sending = mailer.send({
      to: 'ekonomi@dalsland.example',
      subject: 'Faktura\r\nBcc: everyone@example.org',
      text: 'Hej!',
      html: '<p>Hej!</p>',
      attachments: [],
    });

    // Assert
    await expect(sending).rejects.toMatchObject({ code: 'HEADER_INJECTION' });
    expect(await readLocalInbox(ses.endpoint)).toHaveLength(0);
  });
});
