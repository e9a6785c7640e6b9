import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ADMIN_PREFIX, adminRolesOf } from '../http/route-roles';
import { GROUPS_CLAIM } from './admin-roles';
import { HttpErrorCode } from './error-statuses';
import { HttpRequestError } from './http';

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
 * (functions/http/route-roles.ts), or gets 403 FORBIDDEN. A route the table does not know (no route
 * key of its own) under /api/admin/ is refused as well.
 */
export const adminAccess = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const { event } = request;
    // The route key (`POST /api/admin/meetings`) when API Gateway matched a route; a request that
    // matched none under /api/admin/ is refused as well (no roles).
    const [method, path] = (event.routeKey ?? '').split(' ');
    const rawPath = event.rawPath ?? '';
    const roles = path ? adminRolesOf(method ?? '', path) : rawPath.startsWith(ADMIN_PREFIX) ? [] : undefined;
    if (!roles) return;
    const groups = groupsOf(event);
    if (!roles.some((role) => groups.includes(role)))
      throw new HttpRequestError(
        403,
        HttpErrorCode.FORBIDDEN,
        `This needs the role ${roles.join(' or ') || '(none: unknown route)'}`,
      );
  },
});
