import { savePrincipal } from '../../domain/members/maintain-members';
import type { MemberRegistry } from '../../domain/ports';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { idParameter, PrincipalRequest } from './admin-schemas';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async (event) => {
    const id = pathParameterAs(event, 'principalId', idParameter);
    const input = parseBody(PrincipalRequest, event);
    return ok(await savePrincipal(ports().registry, { ...input, id }));
  });

export const handler = createHandler(awsPorts);
