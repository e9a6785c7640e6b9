import { type ErasurePorts, erasePerson } from '../../domain/privacy/erase-person';
import { ok, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { privacyPorts } from '../shared/privacy-ports';
import { PersonRequest } from './admin-people-schemas';

/**
 * 200 with counts, also for an address the system does not know (zero counts): the address is in
 * the body, never in the path, so that it stays out of access logs.
 */
export const createHandler = (ports: () => ErasurePorts) =>
  httpFunction(async (event) => {
    const { email } = parseBody(PersonRequest, event);
    return ok(await erasePerson(ports(), email));
  });

export const handler = createHandler(privacyPorts);
