import { announceMeeting, type MailingListPorts } from '../../domain/meetings/mailing-list';
import type { Mailer, MeetingCalendar } from '../../domain/ports';
import type { MailComposer } from '../../domain/rendering-ports';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMailingLists } from '../adapters/dynamodb-mailing-lists';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { sesMailer } from '../shared/ses-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (
  ports: () => MailingListPorts & {
    meetings: MeetingCalendar;
    mailer: Mailer;
    composer: MailComposer;
    siteUrl: string;
    receipts: Receipts;
  },
) =>
  consumerFunction(
    subscription('announce-meeting'),
    () => ports().receipts,
    (event) => announceMeeting(ports(), event.detail.meetingId),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    lists: new DynamoDbMailingLists(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    mailer: sesMailer(),
    siteUrl: cfg.SITE_URL,
    composer: mailComposer,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
