import type { AdminApi } from './admin-api';
import { FEE_YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import { kronor, table } from './format';

export interface InvoiceList {
  year: number;
  invoices: Array<{
    number: number;
    kind: 'invoice' | 'credit-note';
    billingPartyId: string;
    lines: Array<{ municipalityCode: string; feeOre: number }>;
    totalOre: number;
    ocr: string;
    dueDate: string;
    status: string;
    creditOf?: number;
  }>;
  notInvoiced: Array<{ municipalityCode: string; reason: string }>;
}

export const fetchInvoices = async (api: AdminApi, feeYear: number): Promise<InvoiceList> =>
  (await api.call<InvoiceList>('GET', `/api/admin/invoices?year=${feeYear}`)).body;

/** GET /api/admin/invoices?year=: the fee year's invoices and credit notes, and who was left out. */
export const listInvoices: Command = {
  name: 'list-invoices',
  usage: '[<fee-year>]',
  summary: 'List a fee year’s invoices and credit notes, and the members that were not invoiced',
  options: [
    '<fee-year>                         default: the current calendar year',
    '--year <year>, --fee-year <year>   the same as <fee-year>',
  ],
  flags: [...FEE_YEAR_FLAGS],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, api, print }) => {
    const feeYear = yearOf(
      { args, parsed },
      { what: '<fee-year>', flags: FEE_YEAR_FLAGS, fallback: () => new Date().getUTCFullYear() },
    );
    const body = await fetchInvoices(await api(), feeYear);
    print(body, () =>
      [
        `Fee year ${body.year}: ${body.invoices.length} invoices and credit notes\n`,
        body.invoices.length > 0
          ? table([
              ['number', 'kind', 'billed to', 'total', 'OCR', 'due', 'status'],
              ...body.invoices.map((invoice) => [
                String(invoice.number),
                invoice.creditOf === undefined ? invoice.kind : `${invoice.kind} of ${invoice.creditOf}`,
                invoice.billingPartyId,
                kronor(invoice.totalOre),
                invoice.ocr,
                invoice.dueDate,
                invoice.status,
              ]),
            ])
          : '',
        ...body.notInvoiced.map((left) => `Not invoiced: ${left.municipalityCode} (${left.reason})\n`),
      ].join(''),
    );
    return 0;
  },
};
