import type { Clock, IdGenerator } from '../../domain/ports';
import { icalendarWriter } from '../../formats/calendar/icalendar';
import { mailComposer } from '../../formats/mail/mail-composer';
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
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { renderInvoicePdf } from '../adapters/pdf-invoice-renderer';
import { SesMailer } from '../adapters/ses-mailer';
import { SesRawMailer } from '../adapters/ses-raw-mailer';
import type { Config } from './config';
import { documentClient } from './dynamodb-wiring';
import { linkTokenKeyFrom } from './link-token-key';
import { perContainer, randomIds, resetContainer, systemClock } from './per-container';
import { eventSchedulerFrom } from './scheduler-wiring';
import { organizerFrom, sesClientFrom } from './ses-wiring';

/*
 * Every port at once, for scripts, tests, the bench and the local cloud's seeding. The functions
 * do not use this module: each handler builds only its own ports (see dynamodb-wiring.ts
 * `dynamoDbPorts`), so that its bundle and its cold start carry only the adapters and SDK clients
 * it uses. This one imports them all, the PDF renderer included.
 */
export { documentClient } from './dynamodb-wiring';
export { randomIds, systemClock } from './per-container';
export { organizerFrom } from './ses-wiring';

/** Every port the functions use, wired to DynamoDB and SES. */
export const awsPortsFrom = (cfg: Config, clock: Clock = systemClock, ids: IdGenerator = randomIds) => {
  const db = documentClient(cfg);
  const secret = linkTokenKeyFrom(cfg);
  const ses = sesClientFrom(cfg);
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
    timers: eventSchedulerFrom(cfg),
    statistics: new DynamoDbStatisticsBook(db, cfg.TABLE_NAME),
    archive: new DynamoDbReportArchive(db, cfg.TABLE_NAME, clock, ids),
    events: new DynamoDbEventStore(db, cfg.TABLE_NAME),
    siteUrl: cfg.SITE_URL,
    organizer: organizerFrom(cfg.MAIL_FROM),
    composer: mailComposer,
    calendarWriter: icalendarWriter,
  };
};
export type Ports = ReturnType<typeof awsPortsFrom>;

/** Clients are built once per container, on first use (again after {@link resetAwsPorts}). */
export const awsPorts: () => Ports = perContainer(({ cfg, clock }) => awsPortsFrom(cfg, clock));

/**
 * For the local cloud and tests that point the same process at a new environment, optionally
 * with a simulated clock (the local cloud's, which its scheduler shares): these ports and every
 * handler's own (per-container.ts) are built again on next use. In AWS nothing calls this:
 * functions read the system clock.
 */
export const resetAwsPorts = (clock: Clock = systemClock): void => resetContainer(clock);
