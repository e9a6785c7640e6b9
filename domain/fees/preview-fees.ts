import { type FeeLine, feeLines } from '../invoicing/fee-lines';
import { billingPartyIdOf } from '../members/municipality';
import type { FeeScheduleBook, MemberRegistry, PopulationRegister } from '../ports';
import type { FeeSchedule } from './fee-schedule';
import { showFeeSchedule } from './set-fee-schedule';

export interface FeePreviewPorts {
  feeSchedules: FeeScheduleBook;
  registry: MemberRegistry;
  population: PopulationRegister;
}

export interface FeeRun {
  schedule: FeeSchedule;
  lines: FeeLine[];
  missingPopulation: string[];
}

/**
 * The fees of a fee year as they stand: members of the year, population on 31 December of the
 * year before, the year's schedule. Shared by the preview and the invoicing run, so both agree.
 */
export const computeFeeRun = async (ports: FeePreviewPorts, feeYear: number): Promise<FeeRun> => {
  const schedule = await showFeeSchedule(ports.feeSchedules, feeYear);
  const [municipalities, figures] = await Promise.all([
    ports.registry.municipalities(),
    ports.population.figuresOf(feeYear - 1),
  ]);
  const populations = new Map([...figures].map(([code, figure]) => [code, figure.population]));
  const run = feeLines({
    feeYear,
    schedule,
    members: municipalities.map((m) => ({
      code: m.code,
      name: m.name,
      memberships: m.memberships,
      billingPartyId: billingPartyIdOf(m),
    })),
    populations,
  });
  return { schedule, lines: run.lines, missingPopulation: run.missingPopulation };
};

/** `GET /api/admin/fees/{year}`: what each member would pay, and who cannot be charged yet. */
export const previewFees = async (ports: FeePreviewPorts, feeYear: number) => {
  const run = await computeFeeRun(ports, feeYear);
  return {
    year: feeYear,
    schedule: run.schedule,
    lines: run.lines.map((line) => ({
      municipalityCode: line.municipalityCode,
      billingPartyId: line.billingPartyId,
      population: line.population,
      populationDate: line.populationDate,
      feeOre: line.feeOre,
      basis: line.basis,
      ...(line.months !== undefined ? { months: line.months } : {}),
    })),
    totalOre: run.lines.reduce((sum, line) => sum + line.feeOre, 0),
    missingPopulation: run.missingPopulation,
  };
};
