import {
  type SendConfirmationPorts,
  sendPromotionNotice,
} from '../../domain/meetings/send-registration-confirmation';
import { RegistrationPromoted } from '../../events/registration-promoted';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { awsPorts } from '../shared/ports';

const CONSUMER = 'send-promotion-notice';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (
  ports: () => SendConfirmationPorts & { receipts: Receipts; notices: SendMarks },
) =>
  consumerFunction(
    CONSUMER,
    RegistrationPromoted,
    () => ports().receipts,
    (event) => sendPromotionNotice(mailOnce(ports(), CONSUMER, event.id), event.detail),
  );

export const handler = createHandler(awsPorts);
