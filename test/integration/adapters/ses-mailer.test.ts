import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type {
  SuppressionEntry,
  SuppressionList,
} from '../../../functions/adapters/dynamodb-suppression-list';
import { SesMailer } from '../../../functions/adapters/ses-mailer';
import { SesRawMailer } from '../../../functions/adapters/ses-raw-mailer';

const FROM = 'Kommunnätverket <noreply@network.local>';
const SUPPRESSED = 'gone.away@kommun.example';
const MAIL = { subject: 'Bekräftelse', text: 'Hej!', html: '<p>Hej!</p>' };

/** A list holding one address; the contract of the real one is proven against DynamoDB Local elsewhere. */
const listWith = (address: string, entry: SuppressionEntry): SuppressionList => ({
  lookUp: async (candidate) => (candidate.toLowerCase() === address ? entry : undefined),
  suppress: async () => false,
  remove: async () => false,
});

describe.each([
  ['SesMailer', (client: SESv2Client, list?: SuppressionList) => new SesMailer(client, FROM, 'set', list)],
  [
    'SesRawMailer',
    (client: SESv2Client, list?: SuppressionList) => {
      const mailer = new SesRawMailer(client, FROM, 'set', list);
      return {
        send: (mail: { to: string } & typeof MAIL) => mailer.send({ ...mail, attachments: [] }),
        sendUnlessSuppressed: (mail: { to: string } & typeof MAIL) =>
          mailer.sendUnlessSuppressed({ ...mail, attachments: [] }),
      };
    },
  ],
])('%s and the suppression list', (_name, build) => {
  let sent: SendEmailCommand[];
  let client: SESv2Client;
  let logged: string[];
  const list = listWith(SUPPRESSED, {
    reason: 'COMPLAINT',
    feedbackId: 'fb-9',
    reportedAt: '2026-11-27T08:00:00Z',
  });

  beforeEach(() => {
    sent = [];
    client = { send: async (command: SendEmailCommand) => sent.push(command) } as unknown as SESv2Client;
    logged = [];
    jest.replaceProperty(process.env, 'LOG_LEVEL', 'info');
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => logged.push(String(chunk)) > 0);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('skips a suppressed recipient without failing, and logs the reason but not the address', async () => {
    // Act
    const outcome = await build(client, list).sendUnlessSuppressed({
      ...MAIL,
      to: 'Gone.Away@kommun.example',
    });
    await build(client, list).send({ ...MAIL, to: SUPPRESSED });

    // Assert
    expect(outcome).toBe('suppressed');
    expect(sent).toEqual([]);
    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      message: 'mail to a suppressed address skipped',
      suppressionReason: 'COMPLAINT',
      feedbackId: 'fb-9',
    });
    expect(logged.join('').toLowerCase()).not.toContain('gone.away');
  });

  it('sends to anyone else', async () => {
    // Act
    const outcome = await build(client, list).sendUnlessSuppressed({ ...MAIL, to: 'here@kommun.example' });

    // Assert
    expect(outcome).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(SendEmailCommand);
    expect(sent[0]?.input.Destination).toEqual({ ToAddresses: ['here@kommun.example'] });
  });

  it('sends without a list (the unit tests of the mail content build mailers this way)', async () => {
    expect(await build(client).sendUnlessSuppressed({ ...MAIL, to: SUPPRESSED })).toBe('sent');
  });

  it('fails, and sends nothing, when the list cannot be read: the consumer retries later', async () => {
    // Arrange
    const broken: SuppressionList = {
      ...list,
      lookUp: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };

    // Act + Assert
    await expect(build(client, broken).send({ ...MAIL, to: 'here@kommun.example' })).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(sent).toEqual([]);
  });
});
