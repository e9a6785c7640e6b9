import { saveMunicipality } from '../../domain/members/maintain-members';
import type { MemberRegistry } from '../../domain/ports';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { MunicipalityRequest, municipalityCodeParameter } from './admin-schemas';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async (event) => {
    const code = pathParameterAs(event, 'code', municipalityCodeParameter);
    const input = parseBody(MunicipalityRequest, event);
    return ok(await saveMunicipality(ports().registry, { ...input, code }));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
  })),
);
