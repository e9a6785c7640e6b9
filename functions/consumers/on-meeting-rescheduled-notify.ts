import {
  notifyMeetingRescheduled,
  type RescheduleNoticePorts,
} from '../../domain/meetings/notify-meeting-rescheduled';
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
import { organizerFrom, sesRawMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => RescheduleNoticePorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('notify-meeting-rescheduled'),
    () => ports().receipts,
    (event) => notifyMeetingRescheduled(ports(), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attachmentMailer: sesRawMailer(),
    notices: new DynamoDbNoticeLog(db, table),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    organizer: organizerFrom(cfg.MAIL_FROM),
    siteUrl: cfg.SITE_URL,
    clock,
    composer: mailComposer,
    calendarWriter: icalendarWriter,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
