import {
  type SendConfirmationPorts,
  sendRegistrationConfirmation,
} from '../../domain/meetings/send-registration-confirmation';
import { icalendarWriter } from '../../formats/calendar/icalendar';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { organizerFrom, sesRawMailer } from '../shared/ses-wiring';
import { type ConsumerName, subscription } from '../subscriptions';

const CONSUMER = 'send-registration-confirmation' satisfies ConsumerName;

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (
  ports: () => SendConfirmationPorts & { receipts: Receipts; notices: SendMarks },
) =>
  consumerFunction(
    subscription(CONSUMER),
    () => ports().receipts,
    (event) => sendRegistrationConfirmation(mailOnce(ports(), CONSUMER, event.id), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attachmentMailer: sesRawMailer(),
    organizer: organizerFrom(cfg.MAIL_FROM),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    siteUrl: cfg.SITE_URL,
    composer: mailComposer,
    calendarWriter: icalendarWriter,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
    notices: new DynamoDbNoticeLog(db, table),
  })),
);
