import {
  type SendConfirmationPorts,
  sendRegistrationConfirmation,
} from '../../domain/meetings/send-registration-confirmation';
import { RegistrationReceived } from '../../events/registration-received';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { awsPorts } from '../shared/ports';

const CONSUMER = 'send-registration-confirmation';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (
  ports: () => SendConfirmationPorts & { receipts: Receipts; notices: SendMarks },
) =>
  consumerFunction(
    CONSUMER,
    RegistrationReceived,
    () => ports().receipts,
    (event) => sendRegistrationConfirmation(mailOnce(ports(), CONSUMER, event.id), event.detail),
  );

export const handler = createHandler(awsPorts);
