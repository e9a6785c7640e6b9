import type { MemberRegistry } from '../../domain/ports';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async () => ok({ billingParties: await ports().registry.billingParties() }));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
  })),
);
