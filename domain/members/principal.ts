import type { Principal } from '../invoicing/invoice';

/** The principal that runs the network on `date` (YYYY-MM-DD), if any. */
export const principalOn = (principals: readonly Principal[], date: string): Principal | undefined =>
  principals.find((p) => p.validFrom <= date && (p.validTo === undefined || date <= p.validTo));

/** Whether two principals' validity periods share a day. */
export const periodsOverlap = (a: Principal, b: Principal): boolean =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
