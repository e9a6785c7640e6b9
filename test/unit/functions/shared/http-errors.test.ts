import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  ContentionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../../../domain/errors';
import { HttpRequestError } from '../../../../functions/shared/http';
import { errorResponse } from '../../../../functions/shared/http-errors';
import { errorOf } from '../http-test-kit';

describe('errorResponse', () => {
  it('maps a ValidationError to 400 with its issues', () => {
    // Arrange
    const error = new ValidationError([{ path: 'days.0', message: 'Expected a date' }]);

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      error: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      issues: [{ path: 'days.0', message: 'Expected a date' }],
    });
  });

  it('maps a ContentionError to 429 with a Retry-After, not to a 5xx', () => {
    // Arrange
    const error = new ContentionError('MEETING_BUSY', 'Busy, try again', 2);

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('2');
    expect(errorOf(response)).toEqual({ error: 'MEETING_BUSY', message: 'Busy, try again' });
  });

  it.each([
    ['NotFoundError', new NotFoundError('MEETING_NOT_FOUND', 'No such meeting'), 404],
    ['ConflictError', new ConflictError('ALREADY_REGISTERED', 'Already registered'), 409],
    ['RuleViolationError', new RuleViolationError('REGISTRATION_CLOSED', 'Closed'), 422],
    ['HttpRequestError', new HttpRequestError(413, 'PAYLOAD_TOO_LARGE', 'Too large'), 413],
    ['ContentionError', new ContentionError('MEETING_BUSY', 'Busy, try again'), 429],
  ])('maps a %s to its status with its code and message and no issues', (_label, error, status) => {
    // Arrange: the error above

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.statusCode).toBe(status);
    expect(errorOf(response)).toEqual({ error: error.code, message: error.message });
  });

  it.each([
    ['a plain Error', new Error('password=hunter2 at db.internal')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'password=hunter2')")],
    ['a thrown string', 'password=hunter2'],
    ['undefined', undefined],
  ])('maps %s to 500 INTERNAL_ERROR without leaking it', (_label, error) => {
    // Arrange: the thrown value above

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).error).toBe('INTERNAL_ERROR');
    expect(response.body).not.toContain('hunter2');
  });

  it('does not trust a plain Error that merely carries a 4xx-looking code', () => {
    // Arrange
    const error = Object.assign(new Error('internal detail'), { code: 'MEETING_NOT_FOUND', statusCode: 404 });

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('internal detail');
  });
});
