import {
  type SendConfirmationPorts,
  sendRegistrationConfirmation,
} from '../../domain/meetings/send-registration-confirmation';
import { RegistrationReceived } from '../../events/registration-received';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => SendConfirmationPorts & { receipts: Receipts }) =>
  consumerFunction(
    'send-registration-confirmation',
    RegistrationReceived,
    () => ports().receipts,
    (event) => sendRegistrationConfirmation(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
