import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { currentCorrelationId, safeCorrelationId, setCorrelationId } from './correlation';
import { powertoolsLogger } from './logger';

export const CORRELATION_HEADER = 'x-correlation-id';

/** EMF on stdout; `POWERTOOLS_METRICS_DISABLED=true` (tests, the local cloud) keeps it quiet. */
export const createMetrics = () =>
  new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'MunicipalNetwork',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'municipal-network',
  });

// Built on the first invocation, not at import: an entry point (the local cloud) imports every
// handler before it sets POWERTOOLS_METRICS_DISABLED.
let processMetrics: Metrics | undefined;
const sharedMetrics = (): Metrics => {
  processMetrics ??= createMetrics();
  return processMetrics;
};

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** The client's `x-correlation-id` if it is a safe token, else the API Gateway request id. */
export const correlationIdOf = (event: APIGatewayProxyEventV2): string | undefined =>
  safeCorrelationId(event.headers?.[CORRELATION_HEADER]) ??
  safeCorrelationId(event.requestContext?.requestId);

/** The stable error code of a refused or failed response (`{ error: 'CODE' }`), never its message. */
const errorCodeOf = (response: APIGatewayProxyStructuredResultV2): string => {
  try {
    const code = (JSON.parse(response.body ?? '{}') as { error?: unknown }).error;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
};

/**
 * Two metrics per request. Dimensions are the route template and status class, and for refusals
 * the stable error code: never a path value, header or body, so no personal data.
 */
const countResponse = (metrics: Metrics, request: HttpRequest) => {
  const response = request.response;
  if (!response) return;
  const status = response.statusCode ?? 200;
  const route = request.event.routeKey ?? 'unknown';
  // In the invocation's own set (published by logMetrics), so that set is never empty.
  metrics.addDimensions({ route, statusClass: `${Math.floor(status / 100)}xx` });
  metrics.addMetric('Requests', MetricUnit.Count, 1);
  if (status >= 400) {
    const errors = metrics.singleMetric();
    errors.addDimensions({ route, errorCode: errorCodeOf(response) });
    errors.addMetric(status >= 500 ? 'ServerErrors' : 'RequestsRefused', MetricUnit.Count, 1);
  }
};

const withCorrelationHeader = (request: HttpRequest) => {
  const id = currentCorrelationId();
  if (!request.response || !id) return;
  request.response = {
    ...request.response,
    headers: { ...request.response.headers, [CORRELATION_HEADER]: id },
  };
};

/**
 * The observability of an HTTP function: Powertools logger with the Lambda context, Powertools
 * metrics (cold start, requests, refusals) and the correlation id on every log line and in the
 * response. Use it before `httpErrors()`, so that its `onError` runs after the error became a
 * response and the error log line already carries the id. The correlation scope itself must be
 * opened around the whole middy handler (`httpFunction` does), because a middleware cannot wrap it.
 */
export const observability = (
  options: { metrics?: Metrics } = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
  const logging = injectLambdaContext(powertoolsLogger, { resetKeys: true });
  let wired: { metrics: Metrics; publishing: ReturnType<typeof logMetrics> } | undefined;
  const wire = () => {
    const metrics = options.metrics ?? sharedMetrics();
    wired ??= { metrics, publishing: logMetrics(metrics, { captureColdStartMetric: true }) };
    return wired;
  };
  const finish = async (request: HttpRequest) => {
    const { metrics, publishing } = wire();
    withCorrelationHeader(request);
    countResponse(metrics, request);
    await publishing.after?.(request as never);
  };
  return {
    before: async (request) => {
      setCorrelationId(correlationIdOf(request.event));
      await logging.before?.(request as never);
      await wire().publishing.before?.(request as never);
    },
    after: async (request) => {
      await finish(request);
      await logging.after?.(request as never);
    },
    onError: async (request) => {
      // httpErrors() ran first and made the response; without it, leave the error to middy.
      await finish(request);
      await logging.onError?.(request as never);
    },
  };
};
