import { type MailingListPorts, requestSubscription } from '../../domain/meetings/mailing-list';
import type { Pseudonyms } from '../../domain/ports';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMailingLists } from '../adapters/dynamodb-mailing-lists';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { json, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { focusGroupIdParameter, SubscriptionRequest } from './schemas';

/** 202: a confirmation link is on its way (whether or not the address was on the list already). */
export const createHandler = (ports: () => MailingListPorts & { pseudonyms: Pseudonyms }) =>
  httpFunction(async (event) => {
    const focusGroupId = pathParameterAs(event, 'focusGroupId', focusGroupIdParameter);
    const input = parseBody(SubscriptionRequest, event);
    const result = await requestSubscription(ports(), focusGroupId, {
      subscriberId: await ports().pseudonyms.subscriberKey(input.email),
      email: input.email,
      language: input.language ?? 'sv',
    });
    return json(202, result);
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    lists: new DynamoDbMailingLists(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
  })),
);
