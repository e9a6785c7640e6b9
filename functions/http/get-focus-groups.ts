import type { FocusGroupCatalogue } from '../../domain/ports';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';

/** Public: the focus groups, active and retired (retired ones say so). */
export const createHandler = (ports: () => { focusGroups: FocusGroupCatalogue }) =>
  httpFunction(async () => ok({ focusGroups: await ports().focusGroups.focusGroups() }));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
  })),
);
