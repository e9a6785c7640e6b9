import { savePrincipal } from '../../domain/members/maintain-members';
import type { MemberRegistry } from '../../domain/ports';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { idParameter, PrincipalRequest } from './admin-schemas';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async (event) => {
    const id = pathParameterAs(event, 'principalId', idParameter);
    const input = parseBody(PrincipalRequest, event);
    return ok(await savePrincipal(ports().registry, { ...input, id }));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
  })),
);
