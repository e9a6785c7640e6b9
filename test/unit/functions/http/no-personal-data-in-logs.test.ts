import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createHandler } from '../../../../functions/http/post-registration';
import { inMemoryWorld } from '../../domain/meetings/in-memory-world';
import { apiEvent, lambdaContext } from '../http-test-kit';

/** Officials' data must never reach the logs, whatever a client sends or however a request fails. */
describe('logging of refused and failed requests', () => {
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

  it.each([
    ['malformed JSON quoting the name', '{"name": Alex Andersson, "email": "alex@kommun.example"'],
    [
      'a schema violation',
      JSON.stringify({ name: 'Alex Andersson', email: 'alex@kommun.example', consent: false }),
    ],
  ])('keeps the body out of the log for %s', async (_label, body) => {
    // Arrange
    const world = await inMemoryWorld();
    const handler = createHandler(() => world.ports);
    // Act
    const response = await handler(apiEvent({ pathParameters: { meetingId: 'm' }, body }), lambdaContext);
    // Assert
    expect(response.statusCode).toBe(400);
    const log = lines.join('');
    expect(log).toContain('request refused');
    expect(log).not.toContain('Alex');
    expect(log).not.toContain('alex@kommun.example');
  });
});
