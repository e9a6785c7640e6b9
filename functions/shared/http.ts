import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { type Issue, ValidationError } from '../../domain/errors';
import { HttpErrorCode } from './error-statuses';

/** Largest request body accepted, in bytes (the public contract: 16 KB). */
export const MAX_BODY_BYTES = 16 * 1024;

/** A client error raised before the domain is reached (body size, media type). */
export class HttpRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...BASE_HEADERS },
  body: JSON.stringify(body),
});

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);

/** zod issues in the contract's `{ path, message }` shape. */
export const issuesFrom = (error: z.ZodError): Issue[] =>
  error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // zod reports all unknown keys as one issue on the object; name each key as its own field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'Unknown field' }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });

/** Validates data with a schema, turning failure into a ValidationError with issues. */
export const validate = <T extends z.ZodType>(schema: T, data: unknown): z.infer<T> => {
  const result = schema.safeParse(data);
  if (!result.success) throw new ValidationError(issuesFrom(result.error));
  return result.data;
};

/**
 * Reads a JSON body: 415 unless the content type is JSON, 413 over the size limit, 400 when it
 * is not JSON or breaks the schema. Nothing a client sends gets past here as a 500.
 */
export const parseBody = <T extends z.ZodType>(schema: T, event: APIGatewayProxyEventV2): z.infer<T> => {
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json(\s*;|$)/.test(contentType)) {
    throw new HttpRequestError(
      415,
      HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Send the body as application/json',
    );
  }
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpRequestError(
      413,
      HttpErrorCode.PAYLOAD_TOO_LARGE,
      `The body must be at most ${MAX_BODY_BYTES} bytes`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // No `cause`: the parser's message quotes the body, and bodies hold personal data.
    throw new ValidationError(
      [{ path: '', message: 'The body is not valid JSON' }],
      'The body is not valid JSON',
    );
  }
  return validate(schema, data);
};

export const pathParameter = (event: APIGatewayProxyEventV2, name: string): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError([{ path: name, message: 'Missing path parameter' }]);
  return value;
};

/** A path parameter checked against its schema: 400 with an issue naming it otherwise. */
export const pathParameterAs = <T extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  name: string,
  schema: T,
): z.infer<T> => {
  const result = schema.safeParse(event.pathParameters?.[name]);
  if (!result.success) {
    throw new ValidationError([{ path: name, message: result.error.issues[0]?.message ?? 'Invalid' }]);
  }
  return result.data;
};

/** A query parameter checked against its schema. */
export const queryParameterAs = <T extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  name: string,
  schema: T,
): z.infer<T> => {
  const result = schema.safeParse(event.queryStringParameters?.[name]);
  if (!result.success) {
    throw new ValidationError([{ path: name, message: result.error.issues[0]?.message ?? 'Invalid' }]);
  }
  return result.data;
};

/**
 * Reads a non-JSON upload as bytes: 415 unless its media type is one of `mediaTypes`, 413 over
 * `maxBytes`. API Gateway base64-encodes bodies that are not UTF-8 text (e.g. Latin-1 CSV).
 */
export const rawBody = (
  event: APIGatewayProxyEventV2,
  mediaTypes: readonly string[],
  maxBytes: number,
): Uint8Array => {
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  if (!mediaTypes.includes(contentType)) {
    throw new HttpRequestError(
      415,
      HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Send the body as ${mediaTypes.join(' or ')}`,
    );
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new HttpRequestError(
      413,
      HttpErrorCode.PAYLOAD_TOO_LARGE,
      `The body must be at most ${maxBytes} bytes`,
    );
  }
  return new Uint8Array(bytes);
};
