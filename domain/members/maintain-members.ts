import { ConflictError, ErrorCode, NotFoundError, ValidationError } from '../errors';
import type { BillingParty, Principal } from '../invoicing/invoice';
import type { MemberRegistry } from '../ports';
import type { Municipality } from './municipality';
import { periodsOverlap } from './principal';

/**
 * Saves a municipality.
 * 1. Membership periods must be ordered and must not overlap.
 * 2. A named billing party must exist.
 * 3. The municipality and `MunicipalitySaved` are stored together.
 */
export const saveMunicipality = async (
  registry: MemberRegistry,
  municipality: Municipality,
): Promise<Municipality> => {
  // Issues name the period as the client sent it, though the check runs on the sorted list.
  const periods = municipality.memberships
    .map((period, index) => ({ period, index }))
    .sort((a, b) => a.period.from.localeCompare(b.period.from));
  periods.forEach(({ period, index }, i) => {
    if (period.to !== undefined && period.to < period.from) {
      throw new ValidationError([
        { path: `memberships.${index}.to`, message: 'A membership cannot end before it starts' },
      ]);
    }
    const next = periods[i + 1];
    if (next && (period.to === undefined || next.period.from <= period.to)) {
      throw new ValidationError([
        {
          path: `memberships.${next.index}.from`,
          message: `Membership periods ${index} and ${next.index} overlap`,
        },
      ]);
    }
  });
  if (municipality.billingPartyId && !(await registry.billingParty(municipality.billingPartyId))) {
    throw new NotFoundError(
      ErrorCode.BILLING_PARTY_NOT_FOUND,
      `No billing party '${municipality.billingPartyId}'`,
    );
  }
  const saved = { ...municipality, memberships: periods.map(({ period }) => period) };
  await registry.saveMunicipality(saved, {
    detailType: 'MunicipalitySaved',
    detail: { municipalityCode: saved.code },
  });
  return saved;
};

/** Saves a billing party with `BillingPartySaved`. */
export const saveBillingParty = async (
  registry: MemberRegistry,
  party: BillingParty,
): Promise<BillingParty> => {
  await registry.saveBillingParty(party, {
    detailType: 'BillingPartySaved',
    detail: { billingPartyId: party.id },
  });
  return party;
};

/**
 * Saves a principal.
 * 1. Its period must not overlap another principal's: on any day exactly one organisation invoices.
 * 2. The principal and `PrincipalSaved` are stored together.
 */
export const savePrincipal = async (registry: MemberRegistry, principal: Principal): Promise<Principal> => {
  if (principal.validTo !== undefined && principal.validTo < principal.validFrom) {
    throw new ValidationError([{ path: 'validTo', message: 'validTo is before validFrom' }]);
  }
  const clash = (await registry.principals()).find(
    (other) => other.id !== principal.id && periodsOverlap(other, principal),
  );
  if (clash) {
    throw new ConflictError(
      ErrorCode.PRINCIPAL_PERIOD_OVERLAP,
      `The period overlaps that of principal '${clash.id}'`,
    );
  }
  await registry.savePrincipal(principal, {
    detailType: 'PrincipalSaved',
    detail: { principalId: principal.id },
  });
  return principal;
};
