import type { Pseudonyms, RegistrationBook } from '../../domain/ports';
import { indexRegistrant, type PersonIndex } from '../../domain/privacy/index-person';
import { RegistrationReceived } from '../../events/registration-received';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { privacyPorts } from '../shared/privacy-ports';

export const createHandler = (
  ports: () => {
    registrations: RegistrationBook;
    pseudonyms: Pseudonyms;
    people: PersonIndex;
    receipts: Receipts;
  },
) =>
  consumerFunction(
    'index-registrant',
    RegistrationReceived,
    () => ports().receipts,
    (event) => indexRegistrant(ports(), event.detail),
  );

export const handler = createHandler(privacyPorts);
