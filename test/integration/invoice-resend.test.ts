import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InvoiceDraft } from '../../domain/invoicing/invoice';
import { invoiceIssued } from '../../domain/invoicing/issue-invoices';
import { DynamoDbInvoiceLedger } from '../../functions/adapters/dynamodb-invoice-ledger';
import { documentClient, randomIds, systemClock } from '../../functions/shared/ports';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { api, redeliver, startTestCloud, storedEvents } from '../fixtures/local-cloud';

/**
 * `POST /api/admin/invoices/{number}/resend` on the local cloud: the request is stored as
 * InvoiceResendRequested, and its consumer mails the invoice as issued (same PDF) once per request,
 * however often the bus delivers it.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
let invoiceNumber: number;

const INVOICE_ADDRESS = 'ekonomi@resend.example';
const address = { street: 'Box 1', postalCode: '400 00', city: 'Göteborg' };

/** One invoice of an example principal's own series (numbers from 880001), issued as a fee run issues it. */
const draft: InvoiceDraft = {
  kind: 'invoice',
  feeYear: 2026,
  billingParty: {
    id: 'resend-test-party',
    name: 'Testkommunen',
    invoiceEmail: INVOICE_ADDRESS,
    postalAddress: address,
  },
  principal: {
    id: 'resend-test-principal',
    name: 'Huvudman (exempel)',
    organisationNumber: '000000-0000',
    bankgiro: '000-0000',
    senderEmail: 'natverket@huvudman.example',
    postalAddress: address,
    validFrom: '2024-01-01',
    firstInvoiceNumber: 880_001,
    paymentTermsDays: 30,
    example: true,
  },
  lines: [
    {
      municipalityCode: '1480',
      municipalityName: 'Göteborg',
      population: 600_000,
      populationDate: '2025-12-31',
      feeOre: 15_000_000,
      basis: 'cap',
    },
  ],
  netOre: 15_000_000,
  vatPercent: 25,
  vatOre: 3_750_000,
  totalOre: 18_750_000,
  invoiceDate: '2026-01-02',
  dueDate: '2026-02-01',
};

/** The mails that carry the PDF of `number`. */
const mailsOf = async (number: number): Promise<StoredMail[]> =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) =>
    (mail.attachments ?? []).some((attachment) => attachment.filename?.endsWith(`-${number}.pdf`)),
  );

/** Waits until `count` mails carry the PDF of `number` (or the budget is spent), then until the bus is idle. */
const waitForMailsOf = async (number: number, count: number): Promise<StoredMail[]> => {
  const deadline = Date.now() + 30_000;
  while ((await mailsOf(number)).length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cloud.settle();
  return mailsOf(number);
};

const resend = (number: number | string, headers = admin) =>
  api(cloud, 'POST', `/api/admin/invoices/${number}/resend`, undefined, headers);

beforeAll(async () => {
  cloud = await startTestCloud({ seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
  const ledger = new DynamoDbInvoiceLedger(db, cloud.tableName, systemClock, randomIds);
  invoiceNumber = (await ledger.issue(draft, 'resend-test#1', invoiceIssued)).number;
  db.destroy();
  // The issue's own mail, sent by the consumer of InvoiceIssued.
  expect(await waitForMailsOf(invoiceNumber, 1)).toHaveLength(1);
}, 120_000);
afterAll(async () => {
  await cloud?.stop();
});

describe('POST /api/admin/invoices/{number}/resend', () => {
  it('answers 202 with the request id and mails the invoice once more, as issued', async () => {
    // Arrange
    const [issued] = await mailsOf(invoiceNumber);

    // Act
    const accepted = await resend(invoiceNumber);

    // Assert
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ number: invoiceNumber, requestId: expect.any(String) });
    const stored = await storedEvents(cloud, 'InvoiceResendRequested');
    expect(stored.map((item) => [item.eventId, JSON.parse(String(item.detail))])).toEqual([
      [accepted.body.requestId, { invoiceNumber }],
    ]);
    const mails = await waitForMailsOf(invoiceNumber, 2);
    expect(mails).toHaveLength(2);
    const again = mails[1] as StoredMail;
    expect(again.destination.to).toEqual([INVOICE_ADDRESS]);
    expect(again.subject).toBe(issued?.subject);
    expect(again.subject).toContain(String(invoiceNumber));
    expect(again.attachments).toHaveLength(1);
    expect(again.attachments?.[0]).toMatchObject({
      filename: `faktura-${invoiceNumber}.pdf`,
      contentType: expect.stringContaining('application/pdf'),
    });
    expect(again.attachments?.[0]?.content).toBe(issued?.attachments?.[0]?.content);
  });

  it('mails again for a second request, with a request id of its own', async () => {
    // Arrange
    const before = (await mailsOf(invoiceNumber)).length;

    // Act
    const second = await resend(invoiceNumber);

    // Assert
    expect(second.status).toBe(202);
    expect(await waitForMailsOf(invoiceNumber, before + 1)).toHaveLength(before + 1);
    const ids = (await storedEvents(cloud, 'InvoiceResendRequested')).map((item) => item.eventId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids).toContain(second.body.requestId);
  });

  it('does not mail again when the bus delivers the same requests again', async () => {
    // Arrange
    const before = (await mailsOf(invoiceNumber)).length;
    const requests = await storedEvents(cloud, 'InvoiceResendRequested');

    // Act
    await redeliver(cloud, requests, 2);
    await cloud.settle();

    // Assert
    expect(requests).toHaveLength(2);
    expect(await mailsOf(invoiceNumber)).toHaveLength(before);
  });

  it('mails a credit note again too', async () => {
    // Arrange
    const credit = await api(cloud, 'POST', `/api/admin/invoices/${invoiceNumber}/credit`, {}, admin);
    expect(credit.status).toBe(201);
    const note = credit.body.creditNote as number;
    expect(await waitForMailsOf(note, 1)).toHaveLength(1);

    // Act
    const accepted = await resend(note);

    // Assert
    expect(accepted).toMatchObject({ status: 202, body: { number: note } });
    const mails = await waitForMailsOf(note, 2);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.attachments?.[0]?.content).toBe(mails[0]?.attachments?.[0]?.content);
  });

  it('answers 404 for a number never issued and 400 for one that is no number, storing nothing', async () => {
    // Arrange
    const stored = (await storedEvents(cloud, 'InvoiceResendRequested')).length;
    const mails = (await readLocalInbox(cloud.sesUrl)).length;

    // Act
    const unknown = await resend(999_999);
    const bad = await Promise.all(['abc', '0', '01', '-5', '1.5', '1234567890123'].map((n) => resend(n)));
    const anonymous = await resend(invoiceNumber, {});
    await cloud.settle();

    // Assert
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: 'INVOICE_NOT_FOUND', message: 'No invoice or credit note 999999' },
    });
    for (const answer of bad) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'VALIDATION_FAILED', issues: [expect.any(Object)] });
    }
    expect(anonymous.status).toBe(401);
    expect(await storedEvents(cloud, 'InvoiceResendRequested')).toHaveLength(stored);
    expect(await readLocalInbox(cloud.sesUrl)).toHaveLength(mails);
  });
});
