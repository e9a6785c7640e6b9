import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ValidationError } from '../../../../domain/errors';
import { currentCorrelationId, withCorrelationId } from '../../../../functions/shared/correlation';
import { httpErrors } from '../../../../functions/shared/http-errors';
import { httpFunction } from '../../../../functions/shared/http-handler';
import { logger } from '../../../../functions/shared/logger';
import { observability } from '../../../../functions/shared/observability';
import { apiEvent, lambdaContext } from '../http-test-kit';

let lines: string[];
beforeEach(() => {
  lines = [];
  process.env.LOG_LEVEL = 'info';
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env.LOG_LEVEL = 'silent';
});
const parsed = () =>
  lines
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the Powertools logger', () => {
  it('redacts personal fields at any depth and addresses in errors', () => {
    // Act
    logger.error('mail failed', {
      recipient: { name: 'Alex Andersson', contact: [{ email: 'alex@kommun.example' }] },
      error: new Error('rejected: alex@kommun.example'),
      note: 'bounced for Kim.K@kommun.example',
    });
    // Assert
    const log = lines.join('');
    expect(log).not.toContain('Alex');
    expect(log).not.toContain('alex@kommun.example');
    expect(log).not.toContain('Kim.K@kommun.example');
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 'error',
      message: 'mail failed',
      service: 'municipal-network',
      recipient: { name: '[redacted]', contact: [{ email: '[redacted]' }] },
      error: { errorMessage: 'rejected: [e-mail]' },
      note: 'bounced for [e-mail]',
    });
  });

  it('puts the correlation id of the scope on every line, and stays silent at LOG_LEVEL=silent', () => {
    // Act
    withCorrelationId('corr-1', () => logger.info('inside'));
    process.env.LOG_LEVEL = 'silent';
    logger.error('hidden');
    // Assert
    expect(parsed()).toEqual([expect.objectContaining({ message: 'inside', correlationId: 'corr-1' })]);
  });
});

describe('observability()', () => {
  const refusing = httpFunction(async () => {
    expect(currentCorrelationId()).toBe('client-abc.1');
    throw new ValidationError([]);
  });

  it('takes a safe x-correlation-id, logs it with the error line and returns it', async () => {
    // Act
    const response = await refusing(
      apiEvent({ headers: { 'x-correlation-id': 'client-abc.1' } }),
      lambdaContext,
    );
    // Assert
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['x-correlation-id']).toBe('client-abc.1');
    expect(parsed()).toContainEqual(
      expect.objectContaining({ message: 'request refused', correlationId: 'client-abc.1' }),
    );
  });

  it('falls back to the API Gateway request id when the header is not a safe token', async () => {
    // Arrange
    const ok = httpFunction(async () => ({ statusCode: 200, body: String(currentCorrelationId()) }));
    const event = apiEvent({ headers: { 'x-correlation-id': 'a b\n{"injected":1}' } });
    // Act
    const response = await ok(event, lambdaContext);
    // Assert
    expect(response.body).toBe(event.requestContext.requestId);
    expect(response.headers?.['x-correlation-id']).toBe(event.requestContext.requestId);
  });

  it('writes EMF with the namespace (cold start is once per process, so not asserted), a request count by route and a refusal count by error code', async () => {
    // Arrange
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const metrics = new Metrics({ namespace: 'MunicipalNetworkTest', serviceName: 'municipal-network' });
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(observability({ metrics }))
      .use(httpErrors())
      .handler(async () => {
        throw new ValidationError([]);
      });
    // Act
    await withCorrelationId(undefined, () => handler(apiEvent(), lambdaContext));
    // Assert
    const emf = parsed().filter((line) => '_aws' in line);
    const names = emf.flatMap((line) =>
      (
        line._aws as { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] }
      ).CloudWatchMetrics.flatMap((set) => set.Metrics.map((metric) => `${set.Namespace}/${metric.Name}`)),
    );
    expect(names).toEqual(
      expect.arrayContaining(['MunicipalNetworkTest/Requests', 'MunicipalNetworkTest/RequestsRefused']),
    );
    expect(emf).toContainEqual(
      expect.objectContaining({
        route: 'POST /api/meetings/{meetingId}/registrations',
        statusClass: '4xx',
        Requests: 1,
      }),
    );
    expect(emf).toContainEqual(
      expect.objectContaining({ errorCode: 'VALIDATION_FAILED', RequestsRefused: 1 }),
    );
  });
});
