import type { FocusGroupCatalogue } from '../../domain/ports';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';

/** Public: the focus groups, active and retired (retired ones say so). */
export const createHandler = (ports: () => { focusGroups: FocusGroupCatalogue }) =>
  httpFunction(async () => ok({ focusGroups: await ports().focusGroups.focusGroups() }));

export const handler = createHandler(awsPorts);
