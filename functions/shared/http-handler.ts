import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpErrors } from './http-errors';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The house defaults of every HTTP function: error mapping (and the one log line) at the edge. */
export const httpFunction = (handler: HttpHandler) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().use(httpErrors()).handler(handler);
