import { type MailingListPorts, sendSubscriptionConfirmation } from '../../domain/meetings/mailing-list';
import type { Mailer } from '../../domain/ports';
import { SubscriptionRequested } from '../../events/subscription-requested';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (
  ports: () => MailingListPorts & { mailer: Mailer; siteUrl: string; receipts: Receipts },
) =>
  consumerFunction(
    'send-subscription-confirmation',
    SubscriptionRequested,
    () => ports().receipts,
    (event) => sendSubscriptionConfirmation(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
