import { computeFeeRun, type FeePreviewPorts } from '../fees/preview-fees';
import { selfBillingParty } from '../members/municipality';
import { principalOn } from '../members/principal';
import type { InvoiceLedger } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { draftInvoices } from './draft-invoices';
import type { BillingParty, Invoice, NotInvoiced } from './invoice';

export interface IssueInvoicesPorts extends FeePreviewPorts {
  ledger: InvoiceLedger;
}

/** Idempotency key of the fee invoice of a billing party for a fee year. */
export const feeInvoiceKey = (feeYear: number, billingPartyId: string) =>
  `${feeYear}#${billingPartyId}#invoice`;

export const invoiceIssued = (invoice: Invoice) =>
  ({
    detailType: 'InvoiceIssued',
    detail: {
      invoiceNumber: invoice.number,
      kind: invoice.kind,
      feeYear: invoice.feeYear,
      billingPartyId: invoice.billingParty.id,
      totalOre: invoice.totalOre,
      ...(invoice.creditOf !== undefined ? { creditOf: invoice.creditOf } : {}),
    },
  }) as const;

/** Billing parties: the registered ones plus every member that pays for itself. */
export const billingPartiesOf = async (ports: FeePreviewPorts): Promise<Map<string, BillingParty>> => {
  const [parties, municipalities] = await Promise.all([
    ports.registry.billingParties(),
    ports.registry.municipalities(),
  ]);
  const all = new Map(parties.map((party) => [party.id, party]));
  for (const municipality of municipalities) {
    const self = selfBillingParty(municipality);
    if (self) all.set(self.id, self);
  }
  return all;
};

/**
 * Issues the fee invoices of `feeYear` after the year before it was closed.
 * 1. Compute the fee run (members, population on 31 Dec feeYear-1, schedule) as the preview does.
 * 2. Draft one invoice per billing party, dated the day the year was closed (so a redelivered
 *    event drafts the same invoices), from the principal of that day.
 * 3. Issue them as one run through the ledger, idempotent per (fee year, billing party).
 * 4. Record every member that could not be invoiced, and why (no guessing).
 */
export const issueInvoices = async (
  ports: IssueInvoicesPorts,
  closed: { year: number; closedAt: string },
): Promise<{ issued: number[]; notInvoiced: NotInvoiced[] }> => {
  const feeYear = closed.year + 1;
  const invoiceDate = stockholmDate(new Date(closed.closedAt));
  const [run, billingParties, principals] = await Promise.all([
    computeFeeRun(ports, feeYear),
    billingPartiesOf(ports),
    ports.registry.principals(),
  ]);
  const principal = principalOn(principals, invoiceDate);
  if (!principal)
    throw new Error(`No principal runs the network on ${invoiceDate}: cannot invoice ${feeYear}`);
  const { drafts, notInvoiced } = draftInvoices({
    feeYear,
    schedule: run.schedule,
    lines: run.lines,
    billingParties,
    principal,
    invoiceDate,
  });
  const invoices = await ports.ledger.issueRun(
    drafts.map((draft) => ({ draft, key: feeInvoiceKey(feeYear, draft.billingParty.id) })),
    invoiceIssued,
  );
  const issued = invoices.map((invoice) => invoice.number);
  const leftOut: NotInvoiced[] = [
    ...run.missingPopulation.map((code) => ({
      municipalityCode: code,
      reason: 'MISSING_POPULATION' as const,
    })),
    ...notInvoiced,
  ];
  await ports.ledger.recordNotInvoiced(feeYear, leftOut, (member) => ({
    detailType: 'MemberNotInvoiced',
    detail: { feeYear, municipalityCode: member.municipalityCode, reason: member.reason },
  }));
  return { issued, notInvoiced: leftOut };
};
