import type { MemberRegistry } from '../../domain/ports';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => { registry: MemberRegistry }) =>
  httpFunction(async () => ok({ municipalities: await ports().registry.municipalities() }));

export const handler = createHandler(awsPorts);
