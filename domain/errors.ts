/**
 * Typed domain errors. Each carries a stable SCREAMING_SNAKE `code` that clients and
 * operators can rely on; the mapping to HTTP status lives only in functions/shared/http-errors.ts.
 */

/**
 * Every error code the domain raises, defined once, with the kind of error that carries it. The
 * kind decides the class (and so the HTTP status, in functions/shared/http-errors.ts); a throw
 * site names its code from here, so an unknown or misplaced code does not compile.
 */
export const DOMAIN_ERROR_KINDS = {
  VALIDATION_FAILED: 'validation',

  MEETING_NOT_FOUND: 'not-found',
  REGISTRATION_NOT_FOUND: 'not-found',
  EVALUATION_NOT_FOUND: 'not-found',
  FOCUS_GROUP_NOT_FOUND: 'not-found',
  SUBSCRIPTION_NOT_FOUND: 'not-found',
  BILLING_PARTY_NOT_FOUND: 'not-found',
  FEE_SCHEDULE_NOT_FOUND: 'not-found',
  INVOICE_NOT_FOUND: 'not-found',

  ALREADY_REGISTERED: 'conflict',
  ALREADY_ANSWERED: 'conflict',
  MEETING_CHANGED: 'conflict',
  PRINCIPAL_PERIOD_OVERLAP: 'conflict',
  CONCURRENT_IMPORT: 'conflict',
  YEAR_ALREADY_CLOSED: 'conflict',
  INVOICE_ALREADY_CREDITED: 'conflict',
  INVOICE_NUMBER_TAKEN: 'conflict',

  NOT_A_MEMBER: 'rule',
  REGISTRATION_CLOSED: 'rule',
  LINK_EXPIRED: 'rule',
  MEETING_STARTED: 'rule',
  MEETING_IN_PAST: 'rule',
  MEETING_NOT_ENDED: 'rule',
  MEETING_CANCELLED: 'rule',
  MEETING_NOT_HELD_YET: 'rule',
  POPULATION_TOO_LARGE: 'rule',
  YEAR_NOT_ENDED: 'rule',
  FEE_SCHEDULE_MISSING: 'rule',
  REPORT_FROZEN: 'rule',
  NOT_AN_INVOICE: 'rule',
  NO_PRINCIPAL: 'rule',

  MEETING_BUSY: 'contention',

  // Issue 16: the secretariat's promotions from the waiting list.
  NOT_WAITLISTED: 'conflict',
  NO_SEAT_FREE: 'rule',
  NOBODY_WAITING: 'rule',
  NO_RECIPIENTS: 'rule',
  CAPACITY_BELOW_SEATS: 'rule',
} as const satisfies Record<string, DomainErrorKind>;

/** Which class carries a code: validation, not found, conflict, a business rule, or a lost race. */
export type DomainErrorKind = 'validation' | 'not-found' | 'conflict' | 'rule' | 'contention';

/** A code the domain can raise. */
export type DomainErrorCode = keyof typeof DOMAIN_ERROR_KINDS;

/** The codes of one kind. */
export type DomainErrorCodeOf<K extends DomainErrorKind> = {
  [C in DomainErrorCode]: (typeof DOMAIN_ERROR_KINDS)[C] extends K ? C : never;
}[DomainErrorCode];

/** The codes by name, for throw sites and the route table: `ErrorCode.MEETING_NOT_FOUND`. */
export const ErrorCode = Object.fromEntries(Object.keys(DOMAIN_ERROR_KINDS).map((code) => [code, code])) as {
  readonly [C in DomainErrorCode]: C;
};

/** One problem with one input field. `path` is dotted (`days.0`), empty for the whole input. */
export interface Issue {
  path: string;
  message: string;
}

/** Base of every error the domain raises on purpose. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** Input broke its schema or an invariant checked at the edge. */
export class ValidationError extends DomainError {
  readonly code = ErrorCode.VALIDATION_FAILED;
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
    readonly code: DomainErrorCodeOf<'not-found'>,
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
    readonly code: DomainErrorCodeOf<'conflict'>,
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
    readonly code: DomainErrorCodeOf<'rule'>,
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
    readonly code: DomainErrorCodeOf<'contention'>,
    message: string,
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ContentionError';
  }
}
