import { type CancelRegistrationPorts, showRegistration } from '../../domain/meetings/cancel-registration';
import type { FocusGroupCatalogue } from '../../domain/ports';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => CancelRegistrationPorts & { focusGroups: FocusGroupCatalogue }) =>
  httpFunction(async (event) => {
    const p = ports();
    const focusGroupName = async (id: string) => (await p.focusGroups.focusGroup(id))?.name.sv ?? id;
    return ok(await showRegistration({ ...p, focusGroupName }, pathParameterAs(event, 'token', LinkToken)));
  });

export const handler = createHandler(awsPorts);
