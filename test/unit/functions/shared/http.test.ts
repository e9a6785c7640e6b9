import { describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { ValidationError } from '../../../../domain/errors';
import {
  created,
  HttpRequestError,
  issuesFrom,
  json,
  MAX_BODY_BYTES,
  ok,
  parseBody,
  pathParameter,
  validate,
} from '../../../../functions/shared/http';
import { apiEvent } from '../http-test-kit';

const Schema = z.strictObject({ name: z.string().trim().min(1), days: z.array(z.iso.date()).optional() });

const withBody = (
  body: string | undefined,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => apiEvent({ body, headers } as Parameters<typeof apiEvent>[0]);

/** What parseBody threw, or fails the test when it returned. */
const thrownBy = (event: APIGatewayProxyEventV2): unknown => {
  try {
    parseBody(Schema, event);
  } catch (error) {
    return error;
  }
  throw new Error('Expected parseBody to throw');
};

describe('parseBody', () => {
  it('returns the parsed, schema-shaped data', () => {
    // Arrange
    const event = withBody('{"name":"  Alex  "}');

    // Act
    const data = parseBody(Schema, event);

    // Assert
    expect(data).toEqual({ name: 'Alex' });
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'Application/JSON',
    'application/problem+json',
  ])('accepts content type %s', (contentType) => {
    // Arrange
    const event = withBody('{"name":"Alex"}', { 'content-type': contentType });

    // Act
    const data = parseBody(Schema, event);

    // Assert
    expect(data.name).toBe('Alex');
  });

  it.each(['text/plain', 'application/jsonp', 'text/json', 'multipart/form-data', ''])(
    'refuses content type "%s" with 415',
    (contentType) => {
      // Arrange
      const event = withBody('{"name":"Alex"}', { 'content-type': contentType });

      // Act
      const error = thrownBy(event);

      // Assert
      expect(error).toBeInstanceOf(HttpRequestError);
      expect(error).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it('refuses a body over the limit with 413 before parsing it', () => {
    // Arrange: not even JSON, to show that size is judged first
    const event = withBody('x'.repeat(MAX_BODY_BYTES + 1));

    // Act
    const error = thrownBy(event);

    // Assert
    expect(error).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('judges the size of a base64 body after decoding it', () => {
    // Arrange: 16 KB of JSON is about 21.8 KB in base64
    const text = `{"name":"Alex"}`.padEnd(MAX_BODY_BYTES, ' ');
    const event = apiEvent({
      body: Buffer.from(text).toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': 'application/json' },
    });

    // Act
    const data = parseBody(Schema, event);

    // Assert
    expect(data).toEqual({ name: 'Alex' });
  });

  it.each([
    ['an empty body', ''],
    ['no body at all', undefined],
    ['truncated JSON', '{"name":'],
    ['a single quote string', "{'name':'Alex'}"],
  ])('turns %s into a ValidationError on the whole input', (_label, body) => {
    // Arrange
    const event = withBody(body);

    // Act
    const error = thrownBy(event);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: '', message: 'The body is not valid JSON' }]);
  });

  it('drops the JSON parser’s error, whose message quotes the body (personal data)', () => {
    // Arrange
    const event = withBody('{"name": Alex');

    // Act
    const error = thrownBy(event) as Error;

    // Assert
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('Alex');
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
  ])('refuses JSON %s where an object is expected', (_label, body) => {
    // Arrange
    const event = withBody(body);

    // Act
    const error = thrownBy(event);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
  });
});

describe('issuesFrom', () => {
  it('joins nested paths with dots', () => {
    // Arrange
    const result = Schema.safeParse({ name: 'A', days: ['2027-03-10', 'not-a-date'] });

    // Act
    const issues = result.success ? [] : issuesFrom(result.error);

    // Assert
    expect(issues.map((issue) => issue.path)).toEqual(['days.1']);
  });
});

describe('validate', () => {
  it('throws a ValidationError with an issue per broken field', () => {
    // Arrange
    const data = { name: '', days: 'monday' };

    // Act
    let caught: unknown;
    try {
      validate(Schema, data);
    } catch (error) {
      caught = error;
    }

    // Assert
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['days', 'name']);
  });
});

describe('json', () => {
  it('sets JSON, no-store and nosniff headers and serialises the body', () => {
    // Arrange
    const body = { a: 'ö' };

    // Act
    const responses = [json(418, body), ok(body), created(body)];

    // Assert
    expect(responses.map((r) => r.statusCode)).toEqual([418, 200, 201]);
    for (const response of responses) {
      expect(response.headers).toEqual({
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      expect(JSON.parse(String(response.body))).toEqual(body);
    }
  });

  it('gives each response its own headers object', () => {
    // Arrange
    const first = ok({});

    // Act
    (first.headers as Record<string, string>)['x-extra'] = '1';
    const second = ok({});

    // Assert
    expect(second.headers).not.toHaveProperty('x-extra');
  });
});

describe('pathParameter', () => {
  it('reads a present parameter', () => {
    // Arrange
    const event = apiEvent({ pathParameters: { meetingId: 'meeting-1' } });

    // Act
    const value = pathParameter(event, 'meetingId');

    // Assert
    expect(value).toBe('meeting-1');
  });

  it.each([
    ['absent', undefined],
    ['empty', { meetingId: '' }],
  ])('throws a ValidationError naming the parameter when it is %s', (_label, pathParameters) => {
    // Arrange
    const event = apiEvent(pathParameters ? { pathParameters } : {});

    // Act
    const run = () => pathParameter(event, 'meetingId');

    // Assert
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      expect.objectContaining({ issues: [{ path: 'meetingId', message: expect.any(String) }] }),
    );
  });
});
