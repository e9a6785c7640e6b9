import type { RegistrationBook } from '../../domain/ports';
import { indexAttendee, type PersonIndex } from '../../domain/privacy/index-person';
import { AttendanceLogged } from '../../events/attendance-logged';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { privacyPorts } from '../shared/privacy-ports';

export const createHandler = (
  ports: () => { registrations: RegistrationBook; people: PersonIndex; receipts: Receipts },
) =>
  consumerFunction(
    'index-attendee',
    AttendanceLogged,
    () => ports().receipts,
    (event) => indexAttendee(ports(), event.detail),
  );

export const handler = createHandler(privacyPorts);
