import { describe, expect, it } from '@jest/globals';
import { openApiDocument } from '../../../../functions/http/openapi';
import { routes } from '../../../../functions/http/routes';

type Json = Record<string, unknown>;
type Operation = {
  operationId: string;
  security?: unknown;
  parameters?: { name: string; in: string }[];
  responses: Json;
};

const operationOf = (document: Json, path: string, method: string): Operation | undefined =>
  (document.paths as Record<string, Json | undefined>)[path]?.[method.toLowerCase()] as Operation | undefined;

/** Every `$ref` anywhere in a JSON value. */
const refsIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
    );
  }
  return [];
};

/** Follows a local JSON pointer (`#/a/b`), or gives undefined. */
const resolve = (document: Json, ref: string): unknown =>
  ref.startsWith('#/')
    ? ref
        .slice(2)
        .split('/')
        .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>(
          (node, token) => (node && typeof node === 'object' ? (node as Json)[token] : undefined),
          document,
        )
    : undefined;

describe('openApiDocument', () => {
  const document = openApiDocument();

  it('is an OpenAPI 3.1 document', () => {
    // Arrange: the document built above

    // Act
    const version = document.openapi;

    // Assert
    expect(version).toMatch(/^3\.1\.\d+$/);
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'describes %s with its name, success status and every error status',
    (_label, route) => {
      // Arrange: the route table

      // Act
      const operation = operationOf(document, route.path, route.method);

      // Assert
      expect(operation?.operationId).toBe(route.name);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
        [String(route.success.status), ...Object.keys(route.errors)].sort(),
      );
    },
  );

  it('has no operation the route table lacks', () => {
    // Arrange
    const expected = routes.map((route) => `${route.method.toLowerCase()} ${route.path}`).sort();

    // Act
    const described = Object.entries(document.paths as Record<string, Json>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();

    // Assert
    expect(described).toEqual(expected);
  });

  it('requires the admin bearer token on admin routes and on no public route', () => {
    // Arrange
    const schemes = (document.components as { securitySchemes: Json }).securitySchemes;

    // Act
    const security = routes.map((route) => [
      route.access,
      operationOf(document, route.path, route.method)?.security,
    ]);

    // Assert
    expect(routes.some((route) => route.access === 'admin')).toBe(true);
    for (const [access, requirement] of security) {
      if (access === 'admin') expect(requirement).toEqual([{ adminBearer: [] }]);
      else expect(requirement).toBeUndefined();
    }
    expect(schemes.adminBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The roles of each admin route, as the handlers enforce them (403 FORBIDDEN otherwise).
    for (const route of routes) {
      const roles = (operationOf(document, route.path, route.method) as Json | undefined)?.['x-roles'];
      if (route.access === 'admin')
        expect(roles).toEqual(
          route.name === 'post-admin-meeting-attendance' ? ['secretariat', 'check-in'] : ['secretariat'],
        );
      else expect(roles).toBeUndefined();
    }
  });

  it('declares each {parameter} of a path as a required path parameter', () => {
    // Arrange
    const withParameters = routes.filter((route) => route.path.includes('{'));

    // Act
    const declared = withParameters.map((route) => ({
      path: route.path,
      // Query parameters are documented too; this test is about the path's placeholders.
      names: (operationOf(document, route.path, route.method)?.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => `${p.in}:${p.name}`),
    }));

    // Assert
    expect(withParameters.length).toBeGreaterThan(0);
    for (const { path, names } of declared) {
      const expected = [...path.matchAll(/\{(\w+)\}/g)].map((match) => `path:${match[1]}`);
      expect(names).toEqual(expected);
    }
  });

  it('resolves every $ref to a component schema', () => {
    // Arrange
    const refs = refsIn(document);

    // Act
    const unresolved = refs.filter((ref) => resolve(document, ref) === undefined);

    // Assert
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((ref) => ref.startsWith('#/components/schemas/'))).toBe(true);
    expect(unresolved).toEqual([]);
  });

  it('documents the error body as { error, message, issues? }', () => {
    // Arrange
    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;

    // Act
    const error = schemas.Error;

    // Assert
    expect(error?.required).toEqual(['error', 'message']);
    expect(Object.keys(error?.properties as Json).sort()).toEqual(['error', 'issues', 'message']);
  });
});
