import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { adminAccess } from './admin-access';
import { withCorrelationId } from './correlation';
import { httpErrors } from './http-errors';
import { observability } from './observability';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The house defaults of every HTTP function: observability (logger, metrics, correlation id), then
 * error mapping (and the one log line) at the edge, then the roles of admin routes (403 without). The correlation scope is opened around the
 * whole middy pipeline, so the id `observability()` sets is seen by the handler, `httpErrors()`
 * and the outbox alike, also when the local cloud serves requests concurrently.
 */
export const httpFunction = (handler: HttpHandler) => {
  const pipeline = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(observability())
    .use(httpErrors())
    .use(adminAccess())
    .handler(handler);
  return (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> =>
    withCorrelationId(undefined, () => pipeline(event, context));
};
