import type { Invoice, InvoiceLine, Principal } from '../../../../domain/invoicing/invoice';

/** Example sender (not the network's real bankgiro or organisation number). */
export const examplePrincipal: Principal = {
  id: 'goteborgsregionen',
  name: 'Göteborgsregionen',
  organisationNumber: '222000-1234',
  bankgiro: '123-4567',
  senderEmail: 'faktura@goteborgsregionen.example',
  postalAddress: { street: 'Box 5073', postalCode: '402 22', city: 'Göteborg' },
  validFrom: '2024-01-01',
  firstInvoiceNumber: 1001,
  paymentTermsDays: 30,
};

const line = (overrides: Partial<InvoiceLine> & Pick<InvoiceLine, 'municipalityName'>): InvoiceLine => ({
  municipalityCode: '0000',
  population: 10_000,
  populationDate: '2023-12-31',
  feeOre: 1_500_000,
  basis: 'rate',
  ...overrides,
});

/**
 * The four members of Dalslands miljö- och energiförbund (population 31 Dec 2023), at an example
 * rate of 1,50 kr per inhabitant with a floor of 10 000 kr. Mellerud pays for six months.
 */
export const dalslandInvoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  kind: 'invoice',
  feeYear: 2024,
  billingParty: {
    id: 'dalslands-miljo-och-energiforbund',
    name: 'Dalslands miljö- och energiförbund',
    organisationNumber: '222000-0877',
    invoiceEmail: 'ekonomi@dalsland.example',
    postalAddress: { street: 'Box 78', postalCode: '464 22', city: 'Mellerud' },
    peppolId: '0007:2220000877',
  },
  principal: examplePrincipal,
  lines: [
    line({ municipalityCode: '1460', municipalityName: 'Bengtsfors', population: 9138, feeOre: 1_370_700 }),
    line({
      municipalityCode: '1438',
      municipalityName: 'Dals-Ed',
      population: 4606,
      feeOre: 1_000_000,
      basis: 'floor',
    }),
    line({
      municipalityCode: '1439',
      municipalityName: 'Färgelanda',
      population: 6434,
      feeOre: 1_000_000,
      basis: 'floor',
    }),
    line({
      municipalityCode: '1461',
      municipalityName: 'Mellerud',
      population: 9165,
      feeOre: 687_400,
      basis: 'pro-rata',
      months: 6,
    }),
  ],
  netOre: 4_058_100,
  vatPercent: 25,
  vatOre: 1_014_525,
  totalOre: 5_072_625,
  invoiceDate: '2024-02-01',
  dueDate: '2024-03-02',
  number: 1042,
  ocr: '10421',
  status: 'issued',
  issuedAt: '2024-02-01T08:15:00.000Z',
  ...overrides,
});

/** Forty of Västra Götaland's municipalities: more lines than one page holds. */
export const FORTY_MUNICIPALITIES = [
  'Ale',
  'Alingsås',
  'Bengtsfors',
  'Bollebygd',
  'Borås',
  'Dals-Ed',
  'Essunga',
  'Falköping',
  'Färgelanda',
  'Grästorp',
  'Gullspång',
  'Göteborg',
  'Götene',
  'Herrljunga',
  'Hjo',
  'Härryda',
  'Karlsborg',
  'Kungälv',
  'Lerum',
  'Lidköping',
  'Lilla Edet',
  'Lysekil',
  'Mariestad',
  'Munkedal',
  'Mölndal',
  'Orust',
  'Partille',
  'Skara',
  'Skövde',
  'Sotenäs',
  'Stenungsund',
  'Strömstad',
  'Svenljunga',
  'Tanum',
  'Tibro',
  'Tidaholm',
  'Tjörn',
  'Tranemo',
  'Trollhättan',
  'Töreboda',
] as const;

/** One invoice for forty members (as if one party paid for them all): 40 × 15 000 kr + 25 % moms. */
export const fortyLineInvoice = (): Invoice =>
  dalslandInvoice({
    number: 1043,
    ocr: '10439',
    lines: FORTY_MUNICIPALITIES.map((municipalityName, index) =>
      line({ municipalityCode: String(1400 + index), municipalityName, population: 10_000 + index }),
    ),
    netOre: 60_000_000,
    vatOre: 15_000_000,
    totalOre: 75_000_000,
  });

/** Credits invoice 1042 in full. */
export const dalslandCreditNote = (): Invoice => {
  const original = dalslandInvoice();
  return dalslandInvoice({
    kind: 'credit-note',
    number: 1050,
    ocr: '10504',
    creditOf: 1042,
    lines: original.lines.map((l) => ({ ...l, feeOre: -l.feeOre })),
    netOre: -original.netOre,
    vatOre: -original.vatOre,
    totalOre: -original.totalOre,
    invoiceDate: '2024-03-10',
    dueDate: '2024-03-10',
    issuedAt: '2024-03-10T09:00:00.000Z',
  });
};
