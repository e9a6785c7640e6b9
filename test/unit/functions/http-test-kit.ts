import { expect } from '@jest/globals';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ErrorBody } from '../../../functions/http/schemas';
import type { InMemoryStore } from '../../fixtures/in-memory-ports';
import { inMemoryWorld } from '../domain/meetings/in-memory-world';

/** The handlers' middy pipeline wants a Lambda context; nothing in it is read. */
export const lambdaContext = {} as Context;

export interface ApiRequest {
  method?: 'GET' | 'POST';
  /** API Gateway route key path, e.g. `/api/meetings/{meetingId}`. */
  route?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  /**
   * The caller's Cognito groups as API Gateway's JWT authoriser passes them on (`"[a b]"`): on
   * admin routes default the secretariat's, elsewhere no authoriser.
   */
  groups?: readonly string[];
}

/** An HTTP API (payload 2.0) event as API Gateway delivers it: header names in lower case. */
export const apiEvent = ({
  method = 'POST',
  route = '/api/meetings/{meetingId}/registrations',
  pathParameters,
  headers = { 'content-type': 'application/json' },
  body,
  isBase64Encoded = false,
  groups = route.startsWith('/api/admin/') ? ['secretariat'] : undefined,
}: ApiRequest = {}): APIGatewayProxyEventV2 => {
  const rawPath = route.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters?.[name] ?? '');
  return {
    version: '2.0',
    routeKey: `${method} ${route}`,
    rawPath,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: `${method} ${route}`,
      stage: '$default',
      time: '15/Feb/2027:10:00:00 +0000',
      timeEpoch: Date.parse('2027-02-15T10:00:00Z'),
      ...(groups
        ? {
            authorizer: {
              jwt: {
                claims: { sub: 'secretariat-1', 'cognito:groups': `[${groups.join(' ')}]` },
                scopes: [],
              },
            },
          }
        : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded,
    ...(pathParameters ? { pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
  };
};

/** The JSON body of a response. */
export const bodyOf = (response: APIGatewayProxyStructuredResultV2): unknown =>
  JSON.parse(String(response.body));

/** Parses an error response with the contract's ErrorBody and insists on no other keys. */
export const errorOf = (response: APIGatewayProxyStructuredResultV2) => {
  const raw = bodyOf(response) as Record<string, unknown>;
  expect(Object.keys(raw).filter((key) => !['error', 'message', 'issues'].includes(key))).toEqual([]);
  return ErrorBody.parse(raw);
};

/** In-memory ports for every HTTP handler, seeded with the demo members and focus groups. */
export const inMemoryPorts = inMemoryWorld;

/** A deep copy of everything the in-memory store holds, to prove a refused request changed nothing. */
export const snapshot = (store: InMemoryStore) =>
  structuredClone({
    meetings: [...store.meetings.entries()],
    registrations: [...store.registrations.entries()],
    events: store.events,
  });
