import { saveMunicipality } from '../../domain/members/maintain-members';
import type { MemberRegistry } from '../../domain/ports';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { MunicipalityRequest, municipalityCodeParameter } from './admin-schemas';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async (event) => {
    const code = pathParameterAs(event, 'code', municipalityCodeParameter);
    const input = parseBody(MunicipalityRequest, event);
    return ok(await saveMunicipality(ports().registry, { ...input, code }));
  });

export const handler = createHandler(awsPorts);
