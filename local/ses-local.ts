import type { AddressInfo } from 'node:net';
import type { SNSEvent } from 'aws-lambda';
import * as sesModule from 'aws-ses-v2-local';

// The package is CommonJS with `exports.default`; ESM sees it one level down.
const sesServer = ((sesModule as unknown as { default: { default?: unknown } }).default.default ??
  (sesModule as unknown as { default: unknown }).default) as typeof sesModule.default;

export interface LocalSes {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local: the real SES API, with an inbox page at `/` and the mail as JSON at `/store`. */
export const startLocalSes = async (options: { port: number }): Promise<LocalSes> => {
  const server = await sesServer({ port: options.port, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

/** One mail as the local SES stores it. */
export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Attachments as the local SES parsed them; `content` is base64. */
  attachments?: Array<{ filename?: string; contentType: string; content: string; size: number }>;
  at: number;
}

/** Reads the local SES store (it insists on an AWS-style Authorization header). */
export const readLocalInbox = async (endpoint: string): Promise<StoredMail[]> => {
  const response = await fetch(`${endpoint}/store`, {
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local' },
  });
  if (!response.ok) throw new Error(`Local SES store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails;
};

/** The feedback SES can send about one recipient, as the local cloud and tests simulate it. */
export type SimulatedFeedback =
  | { kind: 'bounce'; bounceType: 'Permanent' | 'Transient' | 'Undetermined'; bounceSubType?: string }
  | { kind: 'complaint'; complaintFeedbackType?: string };

/**
 * An SES event record about one sent mail, in the shape SES publishes to SNS through a
 * configuration set (the examples in the SES developer guide, "Examples of event data that Amazon
 * SES publishes to Amazon SNS"). There are no real bounces locally; this is what stands in for one.
 */
export const sesFeedbackNotification = (
  address: string,
  feedback: SimulatedFeedback,
  options: { feedbackId?: string; messageId?: string; at?: Date } = {},
): Record<string, unknown> => {
  const at = options.at ?? new Date();
  const feedbackId = options.feedbackId ?? `0100019${at.getTime().toString(16)}-local-feedback-000000`;
  const mail = {
    timestamp: new Date(at.getTime() - 60_000).toISOString(),
    source: 'Kommunnätverket <noreply@network.local>',
    sourceArn: 'arn:aws:ses:eu-north-1:000000000000:identity/network.local',
    sendingAccountId: '000000000000',
    messageId: options.messageId ?? `local-${at.getTime().toString(16)}-000000`,
    destination: [address],
    headersTruncated: false,
    headers: [
      { name: 'From', value: 'Kommunnätverket <noreply@network.local>' },
      { name: 'To', value: address },
      { name: 'Subject', value: 'Bekräftelse' },
    ],
    commonHeaders: {
      from: ['Kommunnätverket <noreply@network.local>'],
      to: [address],
      subject: 'Bekräftelse',
    },
    tags: { 'ses:configuration-set': ['local'] },
  };
  if (feedback.kind === 'bounce') {
    const permanent = feedback.bounceType === 'Permanent';
    return {
      eventType: 'Bounce',
      bounce: {
        bounceType: feedback.bounceType,
        bounceSubType: feedback.bounceSubType ?? (permanent ? 'General' : 'MailboxFull'),
        bouncedRecipients: [
          {
            emailAddress: address,
            action: 'failed',
            status: permanent ? '5.1.1' : '4.2.2',
            diagnosticCode: permanent ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full',
          },
        ],
        timestamp: at.toISOString(),
        feedbackId,
        reportingMTA: 'dsn; mta.network.local',
      },
      mail,
    };
  }
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: address }],
      timestamp: at.toISOString(),
      feedbackId,
      userAgent: 'Local Mail Client',
      complaintFeedbackType: feedback.complaintFeedbackType ?? 'abuse',
      arrivalDate: at.toISOString(),
    },
    mail,
  };
};

/** An SNS event as Lambda receives it from a topic subscription, with `message` as the body. */
export const snsEventOf = (message: string, options: { messageId?: string } = {}): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-north-1:000000000000:mail-feedback:local',
      Sns: {
        Type: 'Notification',
        MessageId: options.messageId ?? `local-${Date.now().toString(16)}`,
        TopicArn: 'arn:aws:sns:eu-north-1:000000000000:mail-feedback',
        Message: message,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: 'local',
        SigningCertUrl: 'https://sns.eu-north-1.amazonaws.com/local.pem',
        UnsubscribeUrl: 'https://sns.eu-north-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
});
