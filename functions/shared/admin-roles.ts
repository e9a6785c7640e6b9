/**
 * The roles of the admin routes: the Cognito groups of the user pool in AWS, the seeded accounts'
 * groups of the local OpenID provider (local/local-oidc.ts). No imports: the route table, infra/
 * and local/ all read it.
 */
export const ADMIN_ROLES = ['secretariat', 'check-in'] as const;

/** `secretariat` may do everything; `check-in` only what the check-in view of a meeting needs. */
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** The role of every admin route that names none (functions/http/routes.ts). */
export const DEFAULT_ADMIN_ROLES: readonly AdminRole[] = ['secretariat'];

/** The claim the groups arrive in, from Cognito's access token and the local provider's alike. */
export const GROUPS_CLAIM = 'cognito:groups';
