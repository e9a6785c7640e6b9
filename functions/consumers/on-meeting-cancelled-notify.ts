import { notifyMeetingCancelled } from '../../domain/meetings/cancel-meeting';
import { icalendarWriter } from '../../formats/calendar/icalendar';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { organizerFrom, sesRawMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

/** The ports of the use case, and the consumer's receipts. */
export const createHandler = (
  ports: () => Parameters<typeof notifyMeetingCancelled>[0] & { receipts: Receipts },
) =>
  consumerFunction(
    subscription('notify-meeting-cancelled'),
    () => ports().receipts,
    (event) => notifyMeetingCancelled(ports(), event.detail.meetingId),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attachmentMailer: sesRawMailer(),
    notices: new DynamoDbNoticeLog(db, table),
    organizer: organizerFrom(cfg.MAIL_FROM),
    clock,
    composer: mailComposer,
    calendarWriter: icalendarWriter,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
