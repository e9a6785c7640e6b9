import { type MailingListPorts, sendSubscriptionConfirmation } from '../../domain/meetings/mailing-list';
import type { Mailer } from '../../domain/ports';
import type { MailComposer } from '../../domain/rendering-ports';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMailingLists } from '../adapters/dynamodb-mailing-lists';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { sesMailer } from '../shared/ses-wiring';
import { type ConsumerName, subscription } from '../subscriptions';

const CONSUMER = 'send-subscription-confirmation' satisfies ConsumerName;

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (
  ports: () => MailingListPorts & {
    mailer: Mailer;
    composer: MailComposer;
    siteUrl: string;
    receipts: Receipts;
    notices: SendMarks;
  },
) =>
  consumerFunction(
    subscription(CONSUMER),
    () => ports().receipts,
    (event) => sendSubscriptionConfirmation(mailOnce(ports(), CONSUMER, event.id), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ cfg, db, table, clock, ids }) => ({
    lists: new DynamoDbMailingLists(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
    mailer: sesMailer(),
    siteUrl: cfg.SITE_URL,
    composer: mailComposer,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
    notices: new DynamoDbNoticeLog(db, table),
  })),
);
