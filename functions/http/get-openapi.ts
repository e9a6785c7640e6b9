import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { openApiDocument } from './openapi';

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = httpFunction(async () => {
  document ??= openApiDocument();
  return ok(document);
});
