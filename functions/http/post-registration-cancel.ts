import { type CancelRegistrationPorts, cancelRegistration } from '../../domain/meetings/cancel-registration';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => CancelRegistrationPorts) =>
  httpFunction(async (event) =>
    ok(await cancelRegistration(ports(), pathParameterAs(event, 'token', LinkToken))),
  );

export const handler = createHandler(awsPorts);
