import { type DeliverMessagePorts, deliverMeetingMessage } from '../../domain/meetings/message-registrants';
import { meetingMessageMail } from '../../formats/mail/meeting-message-mail';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { DynamoDbMessageBook } from '../adapters/dynamodb-message-book';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { sesMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

/** One mail per recipient of the stored message, each once (a mark per message and registration id). */
export const createHandler = (ports: () => DeliverMessagePorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('send-meeting-message'),
    () => ports().receipts,
    (event) => deliverMeetingMessage(ports(), event.detail.meetingId, event.detail.messageId),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    messages: new DynamoDbMessageBook(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    mailer: sesMailer(),
    notices: new DynamoDbNoticeLog(db, table),
    composeMessage: meetingMessageMail,
    clock,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
