/** A period of membership; `to` is the last day, absent while it lasts. Dates are YYYY-MM-DD. */
export interface MembershipPeriod {
  readonly from: string;
  readonly to?: string;
}

/** A municipality of the county, identified by its 4-digit SCB code. */
export interface Municipality {
  readonly code: string;
  readonly name: string;
  readonly memberships: readonly MembershipPeriod[];
}

/** Whether the municipality is a member on `date` (YYYY-MM-DD). */
export const isMemberOn = (municipality: Municipality, date: string): boolean =>
  municipality.memberships.some(
    (period) => period.from <= date && (period.to === undefined || date <= period.to),
  );
