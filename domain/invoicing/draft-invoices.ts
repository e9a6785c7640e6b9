import { ErrorCode, RuleViolationError } from '../errors';
import { addDays, isCalendarDate } from '../fees/calendar-date';
import type { FeeSchedule } from '../fees/fee-schedule';
import { vatOre } from '../fees/vat';
import { compare, type FeeLine } from './fee-lines';
import type { BillingParty, Invoice, InvoiceDraft, InvoiceLine, NotInvoiced, Principal } from './invoice';

/** The invoices a fee run would issue, and the lines it could not put on one. */
export interface DraftInvoices {
  /** One per billing party, sorted by billing party id. */
  readonly drafts: InvoiceDraft[];
  /** Sorted by municipality code. */
  readonly notInvoiced: NotInvoiced[];
}

/**
 * Groups the fee lines of a fee year into one invoice draft per billing party.
 *
 * 1. Group the lines by billing party; a party missing from `billingParties` gets no draft, and
 *    each of its lines is reported as `NO_BILLING_PARTY` (nothing is sent to a guessed address).
 * 2. For each party: its lines sorted by municipality code, net = their sum, VAT on the net (one
 *    rounding per invoice, not per line, so the invoice's VAT is exactly the rate of its net), total
 *    = net + VAT, due date = invoice date + the principal's payment terms.
 *
 * Drafts carry the billing party and principal as they are now: an issued invoice keeps them as
 * they were, whatever changes later.
 *
 * @throws RangeError when the schedule is not the fee year's, the invoice date is not `YYYY-MM-DD`
 * or the payment terms are not a non-negative integer.
 */
export const draftInvoices = (input: {
  feeYear: number;
  schedule: FeeSchedule;
  lines: readonly FeeLine[];
  billingParties: ReadonlyMap<string, BillingParty>;
  principal: Principal;
  invoiceDate: string;
}): DraftInvoices => {
  const { feeYear, schedule, lines, billingParties, principal, invoiceDate } = input;
  if (schedule.year !== feeYear) {
    throw new RangeError(`The fee schedule is for ${schedule.year}, not the fee year ${feeYear}`);
  }
  if (!isCalendarDate(invoiceDate)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${invoiceDate}`);
  if (!Number.isSafeInteger(principal.paymentTermsDays) || principal.paymentTermsDays < 0) {
    throw new RangeError(
      `Payment terms must be a non-negative number of days, got ${principal.paymentTermsDays}`,
    );
  }
  const dueDate = addDays(invoiceDate, principal.paymentTermsDays);

  const byParty = new Map<string, FeeLine[]>();
  for (const line of lines) {
    const group = byParty.get(line.billingPartyId);
    if (group) group.push(line);
    else byParty.set(line.billingPartyId, [line]);
  }

  const drafts: InvoiceDraft[] = [];
  const notInvoiced: NotInvoiced[] = [];
  for (const partyId of [...byParty.keys()].sort(compare)) {
    const partyLines = (byParty.get(partyId) ?? []).sort((a, b) =>
      compare(a.municipalityCode, b.municipalityCode),
    );
    const billingParty = billingParties.get(partyId);
    if (!billingParty) {
      for (const line of partyLines) {
        notInvoiced.push({ municipalityCode: line.municipalityCode, reason: 'NO_BILLING_PARTY' });
      }
      continue;
    }
    const netOre = partyLines.reduce((sum, line) => sum + line.feeOre, 0);
    const vat = vatOre(netOre, schedule.vatPercent);
    drafts.push({
      kind: 'invoice',
      feeYear,
      billingParty,
      principal,
      lines: partyLines.map(toInvoiceLine),
      netOre,
      vatPercent: schedule.vatPercent,
      vatOre: vat,
      totalOre: netOre + vat,
      invoiceDate,
      dueDate,
    });
  }

  return {
    drafts,
    notInvoiced: notInvoiced.sort((a, b) => compare(a.municipalityCode, b.municipalityCode)),
  };
};

/**
 * The credit note that cancels an issued invoice: the same lines, billing party and principal
 * snapshots, every amount negated, `creditOf` the invoice's number, dated (and due) `creditDate`.
 *
 * Whether the invoice may still be credited (its status) is the ledger's and the use case's call,
 * not this function's: a retried credit of an invoice the ledger already marked credited must be
 * able to rebuild the same note.
 *
 * @throws RangeError for a credit date that is not `YYYY-MM-DD`; RuleViolationError `NOT_AN_INVOICE`
 * for a credit note, which cannot itself be credited.
 */
export const creditNoteFor = (invoice: Invoice, creditDate: string): InvoiceDraft => {
  if (!isCalendarDate(creditDate)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${creditDate}`);
  if (invoice.kind === 'credit-note') {
    throw new RuleViolationError(
      ErrorCode.NOT_AN_INVOICE,
      `${invoice.number} is a credit note; only invoices can be credited`,
    );
  }
  return {
    kind: 'credit-note',
    feeYear: invoice.feeYear,
    billingParty: invoice.billingParty,
    principal: invoice.principal,
    lines: invoice.lines.map((line) => ({ ...line, feeOre: negate(line.feeOre) })),
    netOre: negate(invoice.netOre),
    vatPercent: invoice.vatPercent,
    vatOre: negate(invoice.vatOre),
    totalOre: negate(invoice.totalOre),
    invoiceDate: creditDate,
    dueDate: creditDate,
    creditOf: invoice.number,
  };
};

/** The billing party belongs to the invoice, not to each line. */
const toInvoiceLine = ({ billingPartyId: _, ...line }: FeeLine): InvoiceLine => line;

/** `0 - x` rather than `-x`, so that a zero amount stays 0 and never becomes -0. */
const negate = (ore: number): number => 0 - ore;
