import { type MailingListPorts, sendSubscriptionConfirmation } from '../../domain/meetings/mailing-list';
import type { Mailer } from '../../domain/ports';
import { SubscriptionRequested } from '../../events/subscription-requested';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { awsPorts } from '../shared/ports';

const CONSUMER = 'send-subscription-confirmation';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (
  ports: () => MailingListPorts & { mailer: Mailer; siteUrl: string; receipts: Receipts; notices: SendMarks },
) =>
  consumerFunction(
    CONSUMER,
    SubscriptionRequested,
    () => ports().receipts,
    (event) => sendSubscriptionConfirmation(mailOnce(ports(), CONSUMER, event.id), event.detail),
  );

export const handler = createHandler(awsPorts);
