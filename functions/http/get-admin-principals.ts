import type { MemberRegistry } from '../../domain/ports';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async () => ok({ principals: await ports().registry.principals() }));

export const handler = createHandler(awsPorts);
