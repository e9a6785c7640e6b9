import { confirmSubscription, type MailingListPorts } from '../../domain/meetings/mailing-list';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => MailingListPorts) =>
  httpFunction(async (event) =>
    ok(await confirmSubscription(ports(), pathParameterAs(event, 'token', LinkToken))),
  );

export const handler = createHandler(awsPorts);
