import { expect } from '@jest/globals';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent, errorOf } from '../http-test-kit';

export interface AdminRequest {
  /** The shared kit's events only know GET and POST; the admin API also has PUT. */
  method?: 'GET' | 'POST' | 'PUT';
  route: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  /**
   * The caller's Cognito groups, as API Gateway's JWT authoriser passes them on (`"[a b]"`);
   * default the secretariat, who may call every admin route.
   */
  groups?: readonly string[];
}

/** An admin API event, built on the shared kit's `apiEvent` with the method and query string set. */
export const adminEvent = ({
  method = 'GET',
  query,
  groups = ['secretariat'],
  ...request
}: AdminRequest): APIGatewayProxyEventV2 => {
  const event = apiEvent({ ...request, method: 'POST', groups });
  const routeKey = `${method} ${request.route}`;
  return {
    ...event,
    routeKey,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    requestContext: {
      ...event.requestContext,
      routeKey,
      http: { ...event.requestContext.http, method },
    },
    ...(query ? { queryStringParameters: query } : {}),
  };
};

/** A JSON body for a PUT or POST. */
export const jsonBody = (value: unknown): Pick<AdminRequest, 'headers' | 'body'> => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

export interface Call {
  method: string;
  args: unknown[];
}

/**
 * A hand-written fake port: the methods a use case is expected to call, each call recorded.
 * A call to any other method throws, so a handler reaching for more than the test allows fails
 * the test (as a 500) instead of silently getting `undefined`.
 */
export const fakePort = <T extends object>(methods: Partial<T>) => {
  const calls: Call[] = [];
  const port = new Proxy({} as T, {
    get: (_target, key) => {
      if (typeof key !== 'string' || key === 'then') return undefined;
      return (...args: unknown[]) => {
        calls.push({ method: key, args });
        const method = (methods as Record<string, unknown>)[key];
        if (typeof method !== 'function') throw new Error(`Unexpected call to ${key}`);
        return method(...args);
      };
    },
  });
  return {
    port,
    calls,
    /** The arguments of every call to one method. */
    callsTo: <K extends keyof T & string>(method: K) =>
      calls.filter((call) => call.method === method).map((call) => call.args as ArgumentsOf<T[K]>),
  };
};

/** Asserts a 400 VALIDATION_FAILED whose issues name every path given, and returns the issue paths. */
export const expectValidationFailure = (response: APIGatewayProxyStructuredResultV2, ...paths: string[]) => {
  expect(response.statusCode).toBe(400);
  const error = errorOf(response);
  expect(error.error).toBe('VALIDATION_FAILED');
  const issuePaths = (error.issues ?? []).map((issue) => issue.path);
  for (const path of paths) expect(issuePaths).toContain(path);
  return issuePaths;
};

/** Asserts an error response with this status and code, shaped as the contract's ErrorBody. */
export const expectError = (response: APIGatewayProxyStructuredResultV2, status: number, code: string) => {
  expect(response.statusCode).toBe(status);
  const error = errorOf(response);
  expect(error.error).toBe(code);
  return error;
};

/** A clock that never moves: 15 February 2027, mid-morning in Stockholm. */
export const februaryClock = { now: () => new Date('2027-02-15T10:00:00Z') };

export const postalAddress = { street: 'Box 5073', postalCode: '402 22', city: 'Göteborg' };
