/**
 * The members of the year-close benchmark (bench/year-close-scale.ts) at any size from 39 to 10,000:
 * 1. the 39 members of the demo seed as they are (local/demo-data.ts: real codes, names and SCB
 *    figures of Västra Götaland; four pay through the Dalsland federation; Vårgårda and Tranemo
 *    have no 2023 figure, so they are reported as not invoiced, never guessed);
 * 2. then the county's 10 other municipalities, members from 2023 with example invoice details
 *    and their real figures (Tibro and Tidaholm have no 2023 figure either);
 * 3. then synthetic members: 4-digit SCB-style codes (county + number) not used by the county,
 *    first numbers 01, 02, … round-robin over the 20 other real county codes (so the 241 of the
 *    290-member size look like the rest of Sweden), then every remaining 4-digit code in order;
 *    populations on 31 December 2023 from the seeded PRNG (local/seeded-random.ts, seed 8),
 *    log-uniform between 2,500 and 1,000,000 inhabitants (Sweden's smallest municipality has about
 *    2,400, its largest about 1 million), so fees at the floor, at the rate and at the cap all occur.
 * Every size is a prefix of the next: the 290 members are the first 290 of the 10,000.
 */
import { demoMunicipalities, demoMunicipalitiesWithInvoicing, demoPopulation } from '../local/demo-data';
import { seededRandom } from '../local/seeded-random';

export interface BenchMember {
  code: string;
  name: string;
  /** On 31 December 2023; undefined = no figure (the member cannot be invoiced). */
  population?: number;
  billingPartyId?: string;
  memberFrom: string;
  invoiceEmail: string;
  postalAddress: { street: string; postalCode: string; city: string };
  synthetic: boolean;
}

/**
 * The `source` of the synthetic population figures: one character, because the population register
 * keeps a year's figures, each with its source, in one item (functions/adapters/dynamodb-fees.ts),
 * and at 10,000 figures with a 15-character source that item is about 450 KB, over DynamoDB's
 * 400 KB limit (the import then fails with a 500). With one character it is about 310 KB.
 */
export const POPULATION_SOURCE = 'S';
const SEED = 8;
const SMALLEST = 2_500;
const LARGEST = 1_000_000;
/** SCB county codes other than Västra Götaland's (14). */
const OTHER_COUNTIES = [
  '01',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '12',
  '13',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
];

const DEMO_MEMBERS = 39;
const MAX_MEMBERS = 10_000;

/** Synthetic codes in the order they are used (see the module comment). */
const syntheticCodes = (taken: ReadonlySet<string>): string[] => {
  const codes: string[] = [];
  const used = new Set(taken);
  const use = (code: string) => {
    if (used.has(code)) return;
    used.add(code);
    codes.push(code);
  };
  for (let number = 1; number <= 99; number++)
    for (const county of OTHER_COUNTIES) use(`${county}${String(number).padStart(2, '0')}`);
  for (let code = 0; code < MAX_MEMBERS; code++) use(String(code).padStart(4, '0'));
  return codes;
};

/**
 * The seeded members (the demo's 39, as the seed writes them) and the ones a size adds to them.
 * @throws RangeError outside 39…10,000 members
 */
export const additionalMembers = (members: number): { seeded: BenchMember[]; added: BenchMember[] } => {
  if (!Number.isInteger(members) || members < DEMO_MEMBERS || members > MAX_MEMBERS)
    throw new RangeError(`Sizes from ${DEMO_MEMBERS} to ${MAX_MEMBERS} members, got ${members}`);
  const population = new Map(
    demoPopulation()
      .filter((figure) => figure.year === 2023)
      .map((figure) => [figure.code, figure.population]),
  );
  const seeded: BenchMember[] = demoMunicipalitiesWithInvoicing()
    .filter((m) => m.memberships.length > 0)
    .map((m) => ({
      code: m.code,
      name: m.name,
      ...(population.has(m.code) ? { population: population.get(m.code) as number } : {}),
      ...(m.billingPartyId ? { billingPartyId: m.billingPartyId } : {}),
      memberFrom: m.memberships[0]?.from as string,
      invoiceEmail: m.invoiceEmail ?? '',
      postalAddress: m.postalAddress ?? { street: '', postalCode: '', city: '' },
      synthetic: false,
    }));
  const example = (
    code: string,
    name: string,
    synthetic: boolean,
    figure: number | undefined,
  ): BenchMember => ({
    code,
    name,
    ...(figure !== undefined ? { population: figure } : {}),
    memberFrom: '2023-01-01',
    invoiceEmail: `faktura@kommun-${code}.example`,
    postalAddress: { street: 'Kommunhuset', postalCode: '000 00', city: name },
    synthetic,
  });
  const county = demoMunicipalities()
    .filter((m) => m.memberships.length === 0)
    .map((m) => example(m.code, m.name, false, population.get(m.code)));
  const random = seededRandom(SEED);
  const synthetic = syntheticCodes(new Set(demoMunicipalities().map((m) => m.code))).map((code) =>
    example(code, `Syntetisk kommun ${code}`, true, Math.round(SMALLEST * (LARGEST / SMALLEST) ** random())),
  );
  return { seeded, added: [...county, ...synthetic].slice(0, members - DEMO_MEMBERS) };
};
