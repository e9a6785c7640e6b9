import { type ExportPorts, exportPersonalData } from '../../domain/privacy/export-personal-data';
import { ok, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { privacyPorts } from '../shared/privacy-ports';
import { PersonRequest } from './admin-people-schemas';

/** 200 with everything held about the address (empty lists for an unknown one). */
export const createHandler = (ports: () => ExportPorts) =>
  httpFunction(async (event) => {
    const { email } = parseBody(PersonRequest, event);
    return ok(await exportPersonalData(ports(), email));
  });

export const handler = createHandler(privacyPorts);
