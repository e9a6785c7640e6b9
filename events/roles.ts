import type { Role } from '../domain/meetings/registration';

/**
 * The roles an event may carry: the same list as domain/meetings/registration.ts's ROLES, kept here
 * so events/ imports only types from domain/ (see .dependency-cruiser.cjs). The checks below fail
 * the typecheck if the two lists drift apart.
 */
export const ROLES = [
  'environmental-strategist',
  'sustainability-strategist',
  'municipal-ecologist',
  'fairtrade-coordinator',
  'other',
] as const;

type EventRole = (typeof ROLES)[number];
const sameRoles: [EventRole] extends [Role] ? ([Role] extends [EventRole] ? true : false) : false = true;
void sameRoles;
