import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  DOMAIN_ERROR_KINDS,
  type DomainErrorCode,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../../../domain/errors';
import { openApiDocument } from '../../../../functions/http/openapi';
import { routes } from '../../../../functions/http/routes';
import { ERROR_STATUSES, HTTP_ERROR_STATUSES } from '../../../../functions/shared/error-statuses';
import { errorResponse } from '../../../../functions/shared/http-errors';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const defined = new Set(Object.keys(ERROR_STATUSES));

/** An error of the class a code's kind names. */
const errorOf = (code: DomainErrorCode): Error => {
  const kind = DOMAIN_ERROR_KINDS[code];
  if (kind === 'validation') return new ValidationError([]);
  if (kind === 'not-found') return new NotFoundError(code as never, 'x');
  if (kind === 'conflict') return new ConflictError(code as never, 'x');
  return new RuleViolationError(code as never, 'x');
};

/** Every .ts file under a folder of the repository. */
const sourcesUnder = (folder: string): string[] =>
  (readdirSync(join(root, folder), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));

const CLASS_OF_KIND = {
  validation: 'ValidationError',
  'not-found': 'NotFoundError',
  conflict: 'ConflictError',
  rule: 'RuleViolationError',
  contention: 'ContentionError',
} as const;

/** Each `new XError(code …)` in domain/, formats/ and functions/, with its status where the site gives one. */
const throwSites = (): { file: string; errorClass: string; status?: number; code: string }[] =>
  [...sourcesUnder('domain'), ...sourcesUnder('formats'), ...sourcesUnder('functions')].flatMap((file) =>
    [
      ...readFileSync(join(root, file), 'utf8').matchAll(
        /new (NotFoundError|ConflictError|RuleViolationError|ContentionError|HttpRequestError)\(\s*(?:(\d{3}),\s*)?(?:'([A-Z_]+)'|(?:Http)?ErrorCode\.([A-Z_]+)|([^,)]+))/g,
      ),
    ].map((match) => ({
      file,
      errorClass: match[1] as string,
      ...(match[2] ? { status: Number(match[2]) } : {}),
      code: match[3] ?? match[4] ?? `(not a code: ${match[5]})`,
    })),
  );

describe('error codes', () => {
  it('give each defined code exactly one status, and the domain codes the status of their class', () => {
    // Arrange
    const domainCodes = Object.keys(DOMAIN_ERROR_KINDS) as DomainErrorCode[];

    // Act
    const answered = domainCodes.map((code) => [code, errorResponse(errorOf(code)).statusCode]);

    // Assert
    expect(Object.fromEntries(answered)).toEqual(
      Object.fromEntries(domainCodes.map((code) => [code, ERROR_STATUSES[code]])),
    );
    expect(Object.keys(HTTP_ERROR_STATUSES).filter((code) => code in DOMAIN_ERROR_KINDS)).toEqual([]);
    expect(errorResponse(new Error('boom')).statusCode).toBe(ERROR_STATUSES.INTERNAL_ERROR);
  });

  it('document only defined codes in the route table, each under its own status', () => {
    // Arrange
    const documented = routes.flatMap((route) =>
      Object.entries(route.errors).flatMap(([status, codes]) =>
        codes.map((code) => ({ route: route.name, code, status: Number(status) })),
      ),
    );

    // Act
    const undefinedCodes = documented.filter(({ code }) => !defined.has(code));
    const misplaced = documented.filter(({ code, status }) => ERROR_STATUSES[code] !== status);

    // Assert
    expect(documented.length).toBeGreaterThan(50);
    expect(undefinedCodes).toEqual([]);
    expect(misplaced).toEqual([]);
  });

  it('put each route’s codes in the OpenAPI document under the status the mapping gives them', () => {
    // Arrange
    const document = openApiDocument();
    const paths = document.paths as Record<
      string,
      Record<string, { responses: Record<string, { 'x-error-codes'?: string[] }> }>
    >;

    // Act
    const wrong = routes.flatMap((route) => {
      const responses = paths[route.path]?.[route.method.toLowerCase()]?.responses ?? {};
      const inDocument = Object.entries(responses).flatMap(([status, response]) =>
        (response['x-error-codes'] ?? []).map((code) => ({ code, status: Number(status) })),
      );
      const expected = Object.values(route.errors).flat();
      return [
        ...inDocument
          .filter(
            ({ code, status }) => !defined.has(code) || ERROR_STATUSES[code as DomainErrorCode] !== status,
          )
          .map(({ code, status }) => `${route.name}: ${code} under ${status}`),
        ...expected
          .filter((code) => !inDocument.some((entry) => entry.code === code))
          .map((code) => `${route.name}: ${code} missing`),
      ];
    });

    // Assert
    expect(wrong).toEqual([]);
  });

  it('are thrown only as defined codes, by the class of their kind, with the status of the mapping', () => {
    // Arrange
    const sites = throwSites();

    // Act
    const wrong = sites
      .filter(({ errorClass, status, code }) => {
        if (!defined.has(code)) return true;
        if (errorClass === 'HttpRequestError') return status !== ERROR_STATUSES[code as DomainErrorCode];
        return CLASS_OF_KIND[DOMAIN_ERROR_KINDS[code as DomainErrorCode]] !== errorClass;
      })
      .map(({ file, errorClass, code }) => `${file}: ${errorClass} ${code}`);

    // Assert
    expect(sites.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });
});
