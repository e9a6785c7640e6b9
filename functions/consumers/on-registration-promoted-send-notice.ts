import {
  type SendConfirmationPorts,
  sendPromotionNotice,
} from '../../domain/meetings/send-registration-confirmation';
import { RegistrationPromoted } from '../../events/registration-promoted';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => SendConfirmationPorts & { receipts: Receipts }) =>
  consumerFunction(
    'send-promotion-notice',
    RegistrationPromoted,
    () => ports().receipts,
    (event) => sendPromotionNotice(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
