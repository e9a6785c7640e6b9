/**
 * The one mapping from error codes to HTTP statuses. Domain codes get theirs from their kind
 * (domain/errors.ts); the codes the HTTP edge answers with itself are listed here with theirs.
 * No imports but the domain's, so the route table (read by infra/) can name codes from here.
 */
import { DOMAIN_ERROR_KINDS, type DomainErrorCode, type DomainErrorKind } from '../../domain/errors';

const STATUS_OF_KIND = {
  validation: 400,
  'not-found': 404,
  conflict: 409,
  rule: 422,
  // Lost a race worth running again: retried after Retry-After (functions/shared/http-errors.ts).
  contention: 429,
} as const satisfies Record<DomainErrorKind, number>;

/** Codes of the HTTP edge (authorizer, body checks, the last resort), each with its status. */
export const HTTP_ERROR_STATUSES = {
  UNAUTHORIZED: 401,
  /** A valid token, but none of the route's roles (functions/http/routes.ts). */
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
} as const;

/** A code of the HTTP edge. */
export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUSES;

/** The edge's codes by name: `HttpErrorCode.PAYLOAD_TOO_LARGE`. */
export const HttpErrorCode = Object.fromEntries(
  Object.keys(HTTP_ERROR_STATUSES).map((code) => [code, code]),
) as { readonly [C in HttpErrorCode]: C };

/** Any code an `{ error }` body of this API can carry. */
export type ApiErrorCode = DomainErrorCode | HttpErrorCode;

/** Every code with its one status. */
export const ERROR_STATUSES: Readonly<Record<ApiErrorCode, number>> = {
  ...(Object.fromEntries(
    Object.entries(DOMAIN_ERROR_KINDS).map(([code, kind]) => [code, STATUS_OF_KIND[kind]]),
  ) as Record<DomainErrorCode, number>),
  ...HTTP_ERROR_STATUSES,
};

/** The HTTP status of a code. */
export const statusOf = (code: ApiErrorCode): number => ERROR_STATUSES[code];
