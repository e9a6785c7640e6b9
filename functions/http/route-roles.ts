import { type AdminRole, DEFAULT_ADMIN_ROLES } from '../shared/admin-roles';

/** Every admin route is under this path, and no public one is (infra/api-stack.ts refuses that). */
export const ADMIN_PREFIX = '/api/admin/';

/**
 * The admin routes open to more than the secretariat, by route key (`METHOD path`, as API Gateway
 * names the route). Apart from the route table (routes.ts) so that the role check every HTTP
 * function carries does not bundle every route's schemas: the table costs about 27 KB minified.
 */
const WIDER_ROLES: Readonly<Record<string, readonly AdminRole[]>> = {
  // The check-in view of a meeting's days: what the check-in desk needs, and no more.
  'POST /api/admin/meetings/{meetingId}/attendance': ['secretariat', 'check-in'],
};

/** The route keys of {@link WIDER_ROLES}: a test checks that each names an admin route. */
export const routeKeysWithWiderRoles = (): readonly string[] => Object.keys(WIDER_ROLES);

/**
 * The roles of which a caller of an admin route needs one: the secretariat, unless the route is
 * one of the few the check-in desk may call too. Undefined for a path outside /api/admin/.
 */
export const adminRolesOf = (method: string, path: string): readonly AdminRole[] | undefined =>
  path.startsWith(ADMIN_PREFIX) ? (WIDER_ROLES[`${method} ${path}`] ?? DEFAULT_ADMIN_ROLES) : undefined;
