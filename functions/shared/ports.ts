import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, EventScheduler, IdGenerator } from '../../domain/ports';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbFocusGroupCatalogue, DynamoDbMemberDirectory } from '../adapters/dynamodb-directory';
import { DynamoDbEvaluationBook } from '../adapters/dynamodb-evaluation-book';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import {
  DynamoDbFeeScheduleBook,
  DynamoDbPopulationRegister,
  DynamoDbYearBook,
} from '../adapters/dynamodb-fees';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbMailingLists } from '../adapters/dynamodb-mailing-lists';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { DynamoDbReportArchive } from '../adapters/dynamodb-report-archive';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { DynamoDbSuppressionList } from '../adapters/dynamodb-suppression-list';
import { EventBridgeScheduler } from '../adapters/eventbridge-scheduler';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { renderInvoicePdf } from '../adapters/pdf-invoice-renderer';
import { SesMailer } from '../adapters/ses-mailer';
import { SesRawMailer } from '../adapters/ses-raw-mailer';
import { type Config, config } from './config';

export const systemClock: Clock = { now: () => new Date() };
/** UUID v4: 122 random bits from the platform CSPRNG. */
export const randomIds: IdGenerator = { newId: () => randomUUID() };

export const documentClient = (
  cfg: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: cfg.AWS_REGION,
      ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
      maxAttempts: 5,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

/** The link-token key: from the environment locally, from Secrets Manager in AWS (read once). */
const linkTokenKey = (cfg: Config): (() => Promise<Buffer>) => {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= (async () => {
      if (cfg.LINK_TOKEN_SECRET) return Buffer.from(cfg.LINK_TOKEN_SECRET, 'base64url');
      if (!cfg.LINK_TOKEN_SECRET_ARN)
        throw new Error('Neither LINK_TOKEN_SECRET nor LINK_TOKEN_SECRET_ARN is set');
      const client = new SecretsManagerClient({ region: cfg.AWS_REGION });
      const { SecretString } = await client.send(
        new GetSecretValueCommand({ SecretId: cfg.LINK_TOKEN_SECRET_ARN }),
      );
      if (!SecretString || SecretString.length < 32)
        throw new Error('The link-token secret is missing or too short');
      return Buffer.from(SecretString, 'utf8');
    })();
    return key;
  };
};

/**
 * Timers through EventBridge Scheduler, for the functions the CDK app gives the scheduler settings
 * (those whose definition says `usesScheduler`); any other function that tried would fail loudly.
 */
const eventScheduler = (cfg: Config): EventScheduler => {
  const { SCHEDULE_GROUP: group, SCHEDULE_TARGET_ARN: targetArn, SCHEDULER_ROLE_ARN: roleArn } = cfg;
  if (!group || !targetArn || !roleArn) {
    const missing = async (): Promise<never> => {
      throw new Error(
        'This function has no timer settings (SCHEDULE_GROUP, SCHEDULE_TARGET_ARN, SCHEDULER_ROLE_ARN)',
      );
    };
    return { schedule: missing, cancel: missing };
  }
  const client = new SchedulerClient({
    region: cfg.AWS_REGION,
    ...(cfg.SCHEDULER_ENDPOINT ? { endpoint: cfg.SCHEDULER_ENDPOINT } : {}),
  });
  return new EventBridgeScheduler(client, {
    group,
    targetArn,
    roleArn,
    ...(cfg.SCHEDULE_DLQ_ARN ? { deadLetterArn: cfg.SCHEDULE_DLQ_ARN } : {}),
  });
};

/** `Name <address>` or a bare address → the organizer of calendar invitations. */
export const organizerFrom = (mailFrom: string): { name: string; email: string } => {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom);
  if (match) return { name: match[1]?.replace(/^"|"$/g, '') || 'Kommunnätverket', email: match[2] as string };
  return { name: 'Kommunnätverket för hållbar utveckling', email: mailFrom.trim() };
};

/** Every port the functions use, wired to DynamoDB and SES. */
export const awsPortsFrom = (cfg: Config, clock: Clock = systemClock, ids: IdGenerator = randomIds) => {
  const db = documentClient(cfg);
  const secret = linkTokenKey(cfg);
  const ses = new SESv2Client({
    region: cfg.AWS_REGION,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}),
  });
  // Bounced and complaining addresses (functions/ses-feedback/); both mailers ask it before every send.
  const suppressions = new DynamoDbSuppressionList(db, cfg.TABLE_NAME, secret);
  return {
    clock,
    ids,
    members: new DynamoDbMemberDirectory(db, cfg.TABLE_NAME),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, cfg.TABLE_NAME, clock, ids),
    meetings: new DynamoDbMeetingCalendar(db, cfg.TABLE_NAME, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, cfg.TABLE_NAME, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, cfg.TABLE_NAME, clock),
    mailer: new SesMailer(ses, cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET, suppressions),
    registry: new DynamoDbMemberRegistry(db, cfg.TABLE_NAME, clock, ids),
    population: new DynamoDbPopulationRegister(db, cfg.TABLE_NAME, clock, ids),
    feeSchedules: new DynamoDbFeeScheduleBook(db, cfg.TABLE_NAME, clock, ids),
    years: new DynamoDbYearBook(db, cfg.TABLE_NAME, clock, ids),
    ledger: new DynamoDbInvoiceLedger(db, cfg.TABLE_NAME, clock, ids),
    renderer: { render: renderInvoicePdf },
    attachmentMailer: new SesRawMailer(ses, cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET, suppressions),
    suppressions,
    linkTokens: new HmacLinkTokens(secret, clock),
    pseudonyms: new HmacPseudonyms(secret),
    attendance: new DynamoDbAttendanceLog(db, cfg.TABLE_NAME, clock, ids),
    evaluations: new DynamoDbEvaluationBook(db, cfg.TABLE_NAME, clock, ids),
    lists: new DynamoDbMailingLists(db, cfg.TABLE_NAME, clock, ids),
    notices: new DynamoDbNoticeLog(db, cfg.TABLE_NAME),
    timers: eventScheduler(cfg),
    statistics: new DynamoDbStatisticsBook(db, cfg.TABLE_NAME),
    archive: new DynamoDbReportArchive(db, cfg.TABLE_NAME, clock, ids),
    events: new DynamoDbEventStore(db, cfg.TABLE_NAME),
    siteUrl: cfg.SITE_URL,
    organizer: organizerFrom(cfg.MAIL_FROM),
  };
};
export type Ports = ReturnType<typeof awsPortsFrom>;

let cached: Ports | undefined;
let clockSource: Clock = systemClock;

/** Clients are built once per container, on first use. */
export const awsPorts = (): Ports => {
  cached ??= awsPortsFrom(config(), clockSource);
  return cached;
};

/**
 * For the local cloud and tests that point the same process at a new environment, optionally
 * with a simulated clock (the local cloud's, which its scheduler shares). In AWS nothing calls
 * this: functions read the system clock.
 */
export const resetAwsPorts = (clock: Clock = systemClock): void => {
  clockSource = clock;
  cached = undefined;
};
