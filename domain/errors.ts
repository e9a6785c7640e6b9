/**
 * Typed domain errors. Each carries a stable SCREAMING_SNAKE `code` that clients and
 * operators can rely on; the mapping to HTTP status lives only in functions/shared/http-errors.ts.
 */

/** One problem with one input field. `path` is dotted (`days.0`), empty for the whole input. */
export interface Issue {
  path: string;
  message: string;
}

/** Base of every error the domain raises on purpose. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** Input broke its schema or an invariant checked at the edge. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly issues: Issue[],
    message = 'The request is not valid',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ValidationError';
  }
}

/** A referenced thing does not exist. */
export class NotFoundError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NotFoundError';
  }
}

/** The request clashes with the current state (e.g. `ALREADY_REGISTERED`). */
export class ConflictError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/** A business rule said no (e.g. `REGISTRATION_CLOSED`, `NOT_A_MEMBER`). */
export class RuleViolationError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RuleViolationError';
  }
}

/**
 * Others are changing the same thing right now and this request lost every race it was allowed
 * (e.g. `MEETING_BUSY` under a burst of registrations). Nothing was stored; the same request may
 * be sent again after `retryAfterSeconds`.
 */
export class ContentionError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ContentionError';
  }
}
