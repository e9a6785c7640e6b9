import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ADMIN_PREFIX, type RouteDefinition, rolesOf, routes } from '../http/routes';
import { GROUPS_CLAIM } from './admin-roles';
import { HttpErrorCode } from './error-statuses';
import { HttpRequestError } from './http';

const routesByKey = new Map<string, RouteDefinition>(
  routes.map((route) => [`${route.method} ${route.path}`, route]),
);

/**
 * The caller's groups from the authoriser's claims. API Gateway hands every claim over as a
 * string, an array as `[a b]` (`"[secretariat check-in]"`); the local gateway does the same.
 */
export const groupsOf = (event: APIGatewayProxyEventV2): string[] => {
  const claims = (
    event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } | undefined
  )?.authorizer?.jwt?.claims;
  const value = claims?.[GROUPS_CLAIM];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group.length > 0);
};

/**
 * Who may call an admin route, in one place for all of them: the authoriser let the token in
 * (401 otherwise, before any function runs); here the caller needs one of the route's roles
 * (functions/http/routes.ts), or gets 403 FORBIDDEN. A route the table does not know (no route
 * key of its own) under /api/admin/ is refused as well.
 */
export const adminAccess = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const { event } = request;
    const route = routesByKey.get(event.routeKey);
    const admin = route ? route.access === 'admin' : (event.rawPath ?? '').startsWith(ADMIN_PREFIX);
    if (!admin) return;
    const roles: readonly string[] = route ? rolesOf(route) : [];
    const groups = groupsOf(event);
    if (!roles.some((role) => groups.includes(role)))
      throw new HttpRequestError(
        403,
        HttpErrorCode.FORBIDDEN,
        `This needs the role ${roles.join(' or ') || '(none: unknown route)'}`,
      );
  },
});
