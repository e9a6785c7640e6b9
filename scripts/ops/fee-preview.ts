import { FEE_YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import { kronor, table } from './format';

export interface FeePreview {
  year: number;
  lines: Array<{
    municipalityCode: string;
    billingPartyId: string;
    population: number;
    feeOre: number;
    basis: string;
    months?: number;
  }>;
  totalOre: number;
  missingPopulation: string[];
}

/** GET /api/admin/fees/{year}: what each member would pay, before anything is invoiced. */
export const feePreview: Command = {
  name: 'fee-preview',
  usage: '<fee-year>',
  summary: 'Preview each member’s fee for a fee year, and who lacks a population figure',
  options: ['--year <year>, --fee-year <year>   the same as <fee-year>'],
  flags: [...FEE_YEAR_FLAGS],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, api, print }) => {
    const year = yearOf({ args, parsed }, { what: '<fee-year>', flags: FEE_YEAR_FLAGS });
    const { body } = await (await api()).call<FeePreview>('GET', `/api/admin/fees/${year}`);
    print(body, () =>
      [
        `Fees ${body.year}: ${body.lines.length} members, total ${kronor(body.totalOre)} (before VAT)\n`,
        table([
          ['code', 'billed to', 'population', 'fee', 'basis'],
          ...body.lines.map((line) => [
            line.municipalityCode,
            line.billingPartyId,
            String(line.population),
            kronor(line.feeOre),
            line.months === undefined ? line.basis : `${line.basis} (${line.months} months)`,
          ]),
        ]),
        body.missingPopulation.length > 0
          ? `No population figure (not invoiced): ${body.missingPopulation.join(', ')}\n`
          : '',
      ].join(''),
    );
    return 0;
  },
};
