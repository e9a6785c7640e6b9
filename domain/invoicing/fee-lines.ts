import type { FeeSchedule } from '../fees/fee-schedule';
import { memberFee } from '../fees/member-fee';
import { membershipMonths } from '../fees/membership-months';
import type { Ore } from '../fees/money';
import type { MembershipPeriod } from '../members/municipality';
import type { FeeBasis } from './invoice';

/** What the fee run needs to know of a member municipality. */
export interface FeeMember {
  readonly code: string;
  readonly name: string;
  readonly memberships: readonly MembershipPeriod[];
  /** The party that pays for it (e.g. a federation); absent = it pays itself, under its own code. */
  readonly billingPartyId?: string;
}

/** One member's fee for a fee year, with the party that pays it. */
export interface FeeLine {
  readonly municipalityCode: string;
  readonly municipalityName: string;
  readonly billingPartyId: string;
  readonly population: number;
  /** 31 December of the year before the fee year. */
  readonly populationDate: string;
  readonly feeOre: Ore;
  readonly basis: FeeBasis;
  readonly months?: number;
}

/** The outcome of a fee run: the lines to invoice, and the members that got none and why. */
export interface FeeLines {
  /** Sorted by municipality code. */
  readonly lines: FeeLine[];
  /** Members of the fee year without a population figure: no line, nothing guessed. Sorted. */
  readonly missingPopulation: string[];
  /** Members passed in that had no membership day in the fee year. Sorted. */
  readonly notMembers: string[];
}

/**
 * The fee of every member for `feeYear`, from the population on 31 December of the year before.
 *
 * 1. Count each member's months of membership in the fee year; a member with none is not billed
 *    and is listed in `notMembers`.
 * 2. Look up its population; without a figure it is listed in `missingPopulation` and gets no line.
 * 3. Compute its fee under the schedule; a part-year member under policy `none` owes nothing and
 *    gets no line (it is not missing anything).
 *
 * @throws RangeError when the schedule is not the fee year's, a member code appears twice (it would
 * be billed twice), or whatever the fee rules throw for bad data.
 */
export const feeLines = (input: {
  feeYear: number;
  schedule: FeeSchedule;
  members: readonly FeeMember[];
  populations: ReadonlyMap<string, number>;
}): FeeLines => {
  const { feeYear, schedule, members, populations } = input;
  if (schedule.year !== feeYear) {
    throw new RangeError(`The fee schedule is for ${schedule.year}, not the fee year ${feeYear}`);
  }
  const populationDate = `${feeYear - 1}-12-31`;
  const seen = new Set<string>();
  const lines: FeeLine[] = [];
  const missingPopulation: string[] = [];
  const notMembers: string[] = [];

  for (const member of members) {
    if (seen.has(member.code)) throw new RangeError(`Member ${member.code} appears twice`);
    seen.add(member.code);

    const months = membershipMonths(member.memberships, feeYear);
    if (months === 0) {
      notMembers.push(member.code);
      continue;
    }
    const population = populations.get(member.code);
    if (population === undefined) {
      missingPopulation.push(member.code);
      continue;
    }
    const fee = memberFee(population, schedule, months);
    if (fee === undefined) continue;
    lines.push({
      municipalityCode: member.code,
      municipalityName: member.name,
      billingPartyId: member.billingPartyId ?? member.code,
      population,
      populationDate,
      feeOre: fee.feeOre,
      basis: fee.basis,
      ...(fee.months === undefined ? {} : { months: fee.months }),
    });
  }

  return {
    lines: lines.sort((a, b) => compare(a.municipalityCode, b.municipalityCode)),
    missingPopulation: missingPopulation.sort(compare),
    notMembers: notMembers.sort(compare),
  };
};

/** Plain code-unit order: the same on every machine, unlike a locale's collation. */
/** Code-unit order, the same on every machine (unlike localeCompare). */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
