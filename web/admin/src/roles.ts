import type { User } from 'oidc-client-ts';
import type { View } from './view';

/** The roles of the admin (functions/shared/admin-roles.ts), carried as Cognito groups. */
export type Role = 'secretariat' | 'check-in';

const GROUPS_CLAIM = 'cognito:groups';

export const rolesOf = (user: User): Role[] => {
  const groups = user.profile[GROUPS_CLAIM];
  const list = Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [];
  return list.filter((group): group is Role => group === 'secretariat' || group === 'check-in');
};

/**
 * The views a user is offered: the secretariat sees every section, the check-in desk its own
 * only. The API refuses the rest (403) whatever the app shows; this keeps the app honest.
 */
export const viewsFor = (roles: readonly Role[]): View[] => {
  if (roles.includes('secretariat')) return ['start', 'check-in'];
  if (roles.includes('check-in')) return ['check-in'];
  return [];
};
