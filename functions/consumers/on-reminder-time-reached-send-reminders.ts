import { type ReminderPorts, sendMeetingReminders } from '../../domain/meetings/send-meeting-reminders';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { sesMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => ReminderPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('send-meeting-reminders'),
    () => ports().receipts,
    (event) => sendMeetingReminders(ports(), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    mailer: sesMailer(),
    notices: new DynamoDbNoticeLog(db, table),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    siteUrl: cfg.SITE_URL,
    composer: mailComposer,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
