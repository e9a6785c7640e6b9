import { saveFocusGroup } from '../../domain/meetings/maintain-focus-groups';
import type { FocusGroupRegistry } from '../../domain/ports';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
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

export const handler = createHandler(awsPorts);
