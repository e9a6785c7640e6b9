/**
 * A small fee run for fee year 2024: populations on 31 December 2023 from data/vg-municipalities.csv,
 * example fee levels (the network publishes none), and example billing details.
 */
import type { FeeSchedule } from '../../../../domain/fees/fee-schedule';
import type { FeeMember } from '../../../../domain/invoicing/fee-lines';
import type { BillingParty, Principal } from '../../../../domain/invoicing/invoice';

export const FEDERATION = 'dalslands-miljo-och-energiforbund';

/** 3 kr per inhabitant, at least 10 000 kr, at most 150 000 kr, 25 % VAT, pro rata by month. */
export const schedule2024: FeeSchedule = {
  year: 2024,
  orePerInhabitant: 300,
  floorOre: 1_000_000,
  capOre: 15_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
  example: true,
};

const always = [{ from: '2010-01-01' }];

export const members: FeeMember[] = [
  { code: '1480', name: 'Göteborg', memberships: always },
  { code: '1461', name: 'Mellerud', memberships: always, billingPartyId: FEDERATION },
  { code: '1438', name: 'Dals-Ed', memberships: always, billingPartyId: FEDERATION },
  { code: '1486', name: 'Strömstad', memberships: always },
  { code: '1460', name: 'Bengtsfors', memberships: always, billingPartyId: FEDERATION },
  { code: '1466', name: 'Herrljunga', memberships: [{ from: '2024-07-01' }] },
  { code: '1439', name: 'Färgelanda', memberships: always, billingPartyId: FEDERATION },
  { code: '1402', name: 'Partille', memberships: [{ from: '2010-01-01', to: '2023-12-31' }] },
  { code: '1401', name: 'Härryda', memberships: [] },
];

/** Population on 2023-12-31; Strömstad (1486) left out on purpose. */
export const populations: ReadonlyMap<string, number> = new Map([
  ['1401', 39_875],
  ['1402', 40_730],
  ['1438', 4_606],
  ['1439', 6_434],
  ['1460', 9_138],
  ['1461', 9_165],
  ['1466', 9_441],
  ['1480', 604_616],
]);

const address = (city: string) => ({ street: 'Exempelgatan 1', postalCode: '400 00', city });

export const billingParties: ReadonlyMap<string, BillingParty> = new Map([
  [
    FEDERATION,
    {
      id: FEDERATION,
      name: 'Dalslands miljö- och energiförbund',
      invoiceEmail: 'faktura@forbund.example',
      postalAddress: address('Bengtsfors'),
    },
  ],
  [
    '1480',
    {
      id: '1480',
      name: 'Göteborgs Stad',
      invoiceEmail: 'faktura@goteborg.example',
      postalAddress: address('Göteborg'),
    },
  ],
  [
    '1466',
    {
      id: '1466',
      name: 'Herrljunga kommun',
      invoiceEmail: 'faktura@herrljunga.example',
      postalAddress: address('Herrljunga'),
    },
  ],
]);

export const principal: Principal = {
  id: 'principal-example',
  name: 'Huvudman (exempel)',
  organisationNumber: '000000-0000',
  bankgiro: '000-0000',
  senderEmail: 'natverket@huvudman.example',
  postalAddress: address('Göteborg'),
  validFrom: '2024-01-01',
  firstInvoiceNumber: 2024001,
  paymentTermsDays: 30,
  example: true,
};
