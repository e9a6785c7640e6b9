import * as z from 'zod';
import { defineEvent } from './define-event';

/** Someone asked to join a focus group's mailing list; the address must confirm first. */
export const SubscriptionRequested = defineEvent({
  source: 'network.mailing-lists',
  detailType: 'SubscriptionRequested',
  version: 1,
  summary:
    'A subscription to a focus group mailing list was requested (double opt-in: a confirmation link is mailed).',
  detail: z.object({ focusGroupId: z.string(), subscriberId: z.string() }),
});
