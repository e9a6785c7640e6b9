import { saveFocusGroup } from '../../domain/meetings/maintain-focus-groups';
import type { FocusGroupRegistry } from '../../domain/ports';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { idParameter } from './admin-schemas';
import { FocusGroupRequest } from './schemas';

export const createHandler = (ports: () => { focusGroups: FocusGroupRegistry }) =>
  httpFunction(async (event) => {
    const id = pathParameterAs(event, 'focusGroupId', idParameter);
    const input = parseBody(FocusGroupRequest, event);
    return ok(
      await saveFocusGroup(ports().focusGroups, {
        id,
        name: input.name,
        ...(input.retired ? { retired: true } : {}),
      }),
    );
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
  })),
);
