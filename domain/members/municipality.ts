import type { BillingParty, PostalAddress } from '../invoicing/invoice';

/** A period of membership; `to` is the last day, absent while it lasts. Dates are YYYY-MM-DD. */
export interface MembershipPeriod {
  readonly from: string;
  readonly to?: string;
}

/** A municipality of the county, identified by its 4-digit SCB code. */
export interface Municipality {
  readonly code: string;
  readonly name: string;
  /** Name of the legal entity, e.g. "Göteborgs Stad"; defaults to "<name> kommun". */
  readonly legalName?: string;
  readonly memberships: readonly MembershipPeriod[];
  readonly organisationNumber?: string;
  readonly invoiceEmail?: string;
  readonly postalAddress?: PostalAddress;
  readonly peppolId?: string;
  /** Set when another organisation pays for this member (e.g. a federation); absent = it pays itself. */
  readonly billingPartyId?: string;
}

/** Whether the municipality is a member on `date` (YYYY-MM-DD). */
export const isMemberOn = (municipality: Municipality, date: string): boolean =>
  municipality.memberships.some(
    (period) => period.from <= date && (period.to === undefined || date <= period.to),
  );

/** The id of the party that pays for a member: the federation's id, or the municipality's own code. */
export const billingPartyIdOf = (municipality: Municipality): string =>
  municipality.billingPartyId ?? municipality.code;

/**
 * The municipality as its own billing party, when it pays for itself and its invoice details are
 * complete; undefined otherwise (then nothing is invoiced and the run says why).
 */
export const selfBillingParty = (municipality: Municipality): BillingParty | undefined => {
  if (municipality.billingPartyId || !municipality.invoiceEmail || !municipality.postalAddress)
    return undefined;
  return {
    id: municipality.code,
    name: municipality.legalName ?? `${municipality.name} kommun`,
    invoiceEmail: municipality.invoiceEmail,
    postalAddress: municipality.postalAddress,
    ...(municipality.organisationNumber ? { organisationNumber: municipality.organisationNumber } : {}),
    ...(municipality.peppolId ? { peppolId: municipality.peppolId } : {}),
  };
};
