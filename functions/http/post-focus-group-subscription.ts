import { type MailingListPorts, requestSubscription } from '../../domain/meetings/mailing-list';
import type { Pseudonyms } from '../../domain/ports';
import { json, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
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

export const handler = createHandler(awsPorts);
