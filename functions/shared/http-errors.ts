import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ContentionError, DomainError, ValidationError } from '../../domain/errors';
import { HttpErrorCode, statusOf } from './error-statuses';
import { HttpRequestError, json } from './http';
import { describeError, logger } from './logger';

/** The one place where errors become HTTP status codes. Only 4xx messages reach clients. */
export const errorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof ValidationError) {
    return json(statusOf(error.code), { error: error.code, message: error.message, issues: error.issues });
  }
  if (error instanceof ContentionError) {
    // 429 rather than 503: the request is fine and nothing broke on our side; it lost a race that
    // is worth running again, and clients (and AWS SDKs) retry a 429 after its Retry-After.
    const response = json(statusOf(error.code), { error: error.code, message: error.message });
    return { ...response, headers: { ...response.headers, 'retry-after': String(error.retryAfterSeconds) } };
  }
  // The status follows the code (functions/shared/error-statuses.ts), whose kind picked the class.
  if (error instanceof DomainError)
    return json(statusOf(error.code), { error: error.code, message: error.message });
  if (error instanceof HttpRequestError)
    return json(error.statusCode, { error: error.code, message: error.message });
  return json(statusOf(HttpErrorCode.INTERNAL_ERROR), {
    error: HttpErrorCode.INTERNAL_ERROR,
    message: 'Something went wrong on our side',
  });
};

/** Maps errors to responses and logs once, at the edge: 4xx as info, anything else as error. */
export const httpErrors = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const response = errorResponse(request.error);
    const fields = {
      route: request.event.routeKey,
      requestId: request.event.requestContext?.requestId,
      status: response.statusCode,
      ...describeError(request.error),
    };
    if ((response.statusCode ?? 500) >= 500) logger.error('request failed', fields);
    else logger.info('request refused', fields);
    request.response = response;
  },
});
