/** Storage attributes that never belong to a domain object. */
const STORAGE_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'type', 'version', 'expiresAt']);

/** An item read back as its domain shape. */
export const withoutKeys = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !STORAGE_ATTRIBUTES.has(key))) as T;
