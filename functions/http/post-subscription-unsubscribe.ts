import { type MailingListPorts, unsubscribe } from '../../domain/meetings/mailing-list';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMailingLists } from '../adapters/dynamodb-mailing-lists';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => MailingListPorts) =>
  httpFunction(async (event) => ok(await unsubscribe(ports(), pathParameterAs(event, 'token', LinkToken))));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    lists: new DynamoDbMailingLists(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
  })),
);
