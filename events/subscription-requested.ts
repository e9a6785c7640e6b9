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
  consumers: [
    {
      name: 'send-subscription-confirmation',
      entry: 'functions/consumers/on-subscription-requested-send-confirmation.ts',
      summary: 'Mails the confirmation link; nothing is sent to the list until it is used.',
      sendsEmail: true,
      usesLinkTokens: true,
    },
  ],
});
