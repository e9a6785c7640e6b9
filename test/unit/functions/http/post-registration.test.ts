import { describe, expect, it } from '@jest/globals';
import { createHandler } from '../../../../functions/http/post-registration';
import { RegistrationResponse } from '../../../../functions/http/schemas';
import { MAX_BODY_BYTES } from '../../../../functions/shared/http';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { apiEvent, bodyOf, errorOf, inMemoryPorts, lambdaContext, snapshot } from '../http-test-kit';

// aMeeting: physical, 2027-03-10 and 2027-03-11, 2 seats a day, registration closes 2027-03-09T22:59Z.
const post = (body: string, overrides: Parameters<typeof apiEvent>[0] = {}) =>
  apiEvent({ pathParameters: { meetingId: 'meeting-1' }, body, ...overrides });

const valid = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...aRegistrationRequest(), ...overrides });

const setUp = async (now?: string) => {
  const world = await inMemoryPorts(now, aMeeting());
  return { ...world, handler: createHandler(() => world.ports) };
};

describe('POST /api/meetings/{meetingId}/registrations', () => {
  it('answers 201 with the registration id and status', async () => {
    // Arrange
    const { handler, store } = await setUp();

    // Act
    const response = await handler(post(valid()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(RegistrationResponse.parse(bodyOf(response))).toEqual({
      registrationId: 'reg-1',
      status: 'confirmed',
    });
    expect(store.registrations.has('reg-1')).toBe(true);
  });

  it('answers 201 waitlisted once the seats are gone', async () => {
    // Arrange
    const { handler } = await setUp();
    await handler(post(valid({ email: 'a@kommun.example' })), lambdaContext);
    await handler(post(valid({ email: 'b@kommun.example' })), lambdaContext);

    // Act
    const response = await handler(post(valid({ email: 'c@kommun.example' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ registrationId: 'reg-3', status: 'waitlisted' });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED and issues, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post('{"name": "Alex",'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.error).toBe('VALIDATION_FAILED');
    expect(error.issues?.length).toBeGreaterThan(0);
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['consent is missing', valid({ consent: undefined }), 'consent'],
    ['consent is false', valid({ consent: false }), 'consent'],
    ['the role is not one of the roles', valid({ role: 'mayor' }), 'role'],
    ['the municipality code has 3 digits', valid({ municipalityCode: '148' }), 'municipalityCode'],
    ['the name carries CRLF', valid({ name: 'Alex\r\nBcc: evil@example.com' }), 'name'],
    ['the address carries CRLF', valid({ email: 'alex@kommun.example\r\nBcc: evil@example.com' }), 'email'],
    ['a day is not a date', valid({ days: ['2027-13-01'] }), 'days.0'],
    ['the language is unknown', valid({ language: 'de' }), 'language'],
  ])('answers 400 naming the field when %s, storing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.error).toBe('VALIDATION_FAILED');
    expect(error.issues?.map((issue) => issue.path)).toContain(path);
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['an unknown key', valid({ isAdmin: true }), 'isAdmin'],
    ['a __proto__ key', valid().replace(/}$/, ',"__proto__":{"isAdmin":true}}'), '__proto__'],
  ])(
    'refuses %s with 400, with an issue whose path is the key, storing nothing',
    async (_label, body, key) => {
      // Arrange
      const { handler, store } = await setUp();
      const before = snapshot(store);

      // Act
      const response = await handler(post(body), lambdaContext);

      // Assert: each unknown key is an issue of its own, its path the key
      expect(response.statusCode).toBe(400);
      const error = errorOf(response);
      expect(error.error).toBe('VALIDATION_FAILED');
      expect(error.issues).toEqual([{ path: key, message: 'Unknown field' }]);
      expect(snapshot(store)).toEqual(before);
    },
  );

  it('accepts a body of exactly 16 KB', async () => {
    // Arrange: JSON allows trailing blanks, so pad a valid body to the limit
    const { handler } = await setUp();
    const body = valid().padEnd(MAX_BODY_BYTES, ' ');

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(Buffer.byteLength(body)).toBe(16 * 1024);
    expect(response.statusCode).toBe(201);
  });

  it('answers 413 PAYLOAD_TOO_LARGE one byte over 16 KB, storing nothing', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);
    const body = valid().padEnd(16 * 1024 + 1, ' ');

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).error).toBe('PAYLOAD_TOO_LARGE');
    expect(snapshot(store)).toEqual(before);
  });

  it('counts bytes, not characters: 9000 ö are over 16 KB', async () => {
    // Arrange
    const { handler } = await setUp();
    const body = valid({ dietaryNeeds: 'ö'.repeat(9_000) });

    // Act
    const response = await handler(post(body), lambdaContext);

    // Assert
    expect(body.length).toBeLessThan(16 * 1024);
    expect(response.statusCode).toBe(413);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('answers 415 UNSUPPORTED_MEDIA_TYPE for %s', async (_label, headers) => {
    // Arrange
    const { handler, store } = await setUp();
    const before = snapshot(store);

    // Act
    const response = await handler(post(valid(), { headers }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(snapshot(store)).toEqual(before);
  });

  it('accepts JSON with a charset parameter', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(
      post(valid(), { headers: { 'content-type': 'application/json; charset=utf-8' } }),
      lambdaContext,
    );

    // Assert
    expect(response.statusCode).toBe(201);
  });

  it('accepts a base64-encoded JSON body', async () => {
    // Arrange
    const { handler, store } = await setUp();
    const encoded = Buffer.from(valid({ name: 'Åsa Öberg' }), 'utf8').toString('base64');

    // Act
    const response = await handler(post(encoded, { isBase64Encoded: true }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(store.registrations.get('reg-1')?.name).toBe('Åsa Öberg');
  });

  it('answers 404 MEETING_NOT_FOUND for an unknown meeting', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(
      post(valid(), { pathParameters: { meetingId: 'meeting-404' } }),
      lambdaContext,
    );

    // Assert
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toEqual({ error: 'MEETING_NOT_FOUND', message: expect.any(String) });
  });

  it('answers 409 ALREADY_REGISTERED for the same address in another case', async () => {
    // Arrange
    const { handler, store } = await setUp();
    await handler(post(valid({ email: 'alex@kommun.example' })), lambdaContext);

    // Act
    const response = await handler(post(valid({ email: 'Alex@KOMMUN.example' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).error).toBe('ALREADY_REGISTERED');
    expect(store.registrations.size).toBe(1);
  });

  it('answers 422 NOT_A_MEMBER for Tjörn (1419)', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(post(valid({ municipalityCode: '1419' })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('NOT_A_MEMBER');
  });

  it('answers 422 REGISTRATION_CLOSED after the close', async () => {
    // Arrange
    const { handler } = await setUp('2027-03-09T23:00:00Z');

    // Act
    const response = await handler(post(valid()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).error).toBe('REGISTRATION_CLOSED');
  });

  it('answers 500 INTERNAL_ERROR without the failure’s message when a port throws', async () => {
    // Arrange
    const { ports } = await inMemoryPorts(undefined, aMeeting());
    const failing = {
      ...ports,
      members: {
        municipality: async () => {
          throw new Error('connect ECONNREFUSED secret-db.internal:8000');
        },
      },
    };
    const handler = createHandler(() => failing);

    // Act
    const response = await handler(post(valid()), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).error).toBe('INTERNAL_ERROR');
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toContain('secret-db');
  });

  it('answers 400 naming meetingId when the path parameter is missing', async () => {
    // Arrange
    const { handler } = await setUp();

    // Act
    const response = await handler(apiEvent({ body: valid() }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues?.map((issue) => issue.path)).toEqual(['meetingId']);
  });
});
