import { type InvitePorts, inviteToEvaluate } from '../../domain/evaluations/evaluate-meeting';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbEvaluationBook } from '../adapters/dynamodb-evaluation-book';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { eventScheduler } from '../shared/scheduler-wiring';
import { sesMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => InvitePorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('send-evaluation-invitation'),
    () => ports().receipts,
    // Before the end this sends nothing: the meeting's end timer invites everyone logged by then.
    (event) => inviteToEvaluate(ports(), event.detail.meetingId, [event.detail.registrationId]),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
    evaluations: new DynamoDbEvaluationBook(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
    mailer: sesMailer(),
    siteUrl: cfg.SITE_URL,
    timers: eventScheduler(),
    composer: mailComposer,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
