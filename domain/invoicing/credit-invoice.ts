import { ConflictError, ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import { computeFeeRun } from '../fees/preview-fees';
import { principalOn } from '../members/principal';
import type { Clock } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';
import { creditNoteFor, draftInvoices } from './draft-invoices';
import type { Invoice } from './invoice';
import { billingPartiesOf, type IssueInvoicesPorts, invoiceIssued } from './issue-invoices';

/**
 * Credits an issued invoice and, when asked, issues a corrected one from the data as it is now.
 * 1. The invoice must exist (404) and be an invoice that is not credited yet (422 / 409).
 * 2. A credit note with its own number cancels it; the original is marked credited, atomically.
 * 3. With `reissue`, the billing party's fee invoice is drafted again from current data.
 * Both steps are idempotent per original invoice.
 */
export const creditInvoice = async (
  ports: IssueInvoicesPorts & { clock: Clock },
  number: number,
  options: { reissue: boolean },
): Promise<{ creditNote: number; correctedInvoice?: number }> => {
  const original = await ports.ledger.invoice(number);
  if (!original) throw new NotFoundError(ErrorCode.INVOICE_NOT_FOUND, `No invoice ${number}`);
  if (original.kind === 'credit-note') {
    throw new RuleViolationError(
      ErrorCode.NOT_AN_INVOICE,
      `${number} is a credit note; only invoices can be credited`,
    );
  }
  // A plain second credit is refused; a credit with reissue may be retried to completion.
  if (original.status === 'credited' && !options.reissue) {
    throw new ConflictError(ErrorCode.INVOICE_ALREADY_CREDITED, `Invoice ${number} is already credited`);
  }
  const today = stockholmDate(ports.clock.now());
  // Everything that can refuse is checked before the credit note is committed.
  const corrected = options.reissue ? await correctedDraft(ports, original, today) : undefined;
  const creditNote = await ports.ledger.issue(
    creditNoteFor(original, today),
    `credit#${number}`,
    invoiceIssued,
    {
      marksCredited: number,
    },
  );
  if (!corrected) return { creditNote: creditNote.number };
  const reissued = await ports.ledger.issue(
    corrected,
    `${original.feeYear}#${original.billingParty.id}#correction-of#${number}`,
    invoiceIssued,
  );
  return { creditNote: creditNote.number, correctedInvoice: reissued.number };
};

/** The billing party's fee invoice drafted again from the data as it is today. */
const correctedDraft = async (ports: IssueInvoicesPorts, original: Invoice, today: string) => {
  const [run, billingParties, principals] = await Promise.all([
    computeFeeRun(ports, original.feeYear),
    billingPartiesOf(ports),
    ports.registry.principals(),
  ]);
  const principal = principalOn(principals, today);
  if (!principal)
    throw new RuleViolationError(ErrorCode.NO_PRINCIPAL, `No principal runs the network on ${today}`);
  const { drafts } = draftInvoices({
    feeYear: original.feeYear,
    schedule: run.schedule,
    lines: run.lines.filter((line) => line.billingPartyId === original.billingParty.id),
    billingParties,
    principal,
    invoiceDate: today,
  });
  return drafts[0];
};

/** `GET /api/admin/invoices?year=Y`: the invoices of fee year Y and the members left out. */
export const listInvoices = async (ports: Pick<IssueInvoicesPorts, 'ledger'>, feeYear: number) => {
  const [invoices, notInvoiced] = await Promise.all([
    ports.ledger.invoicesOfFeeYear(feeYear),
    ports.ledger.notInvoiced(feeYear),
  ]);
  return {
    year: feeYear,
    invoices: invoices.map((invoice) => ({
      number: invoice.number,
      kind: invoice.kind,
      billingPartyId: invoice.billingParty.id,
      lines: invoice.lines.map((line) => ({ municipalityCode: line.municipalityCode, feeOre: line.feeOre })),
      netOre: invoice.netOre,
      vatOre: invoice.vatOre,
      totalOre: invoice.totalOre,
      ocr: invoice.ocr,
      invoiceDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      status: invoice.status,
      ...(invoice.creditOf !== undefined ? { creditOf: invoice.creditOf } : {}),
    })),
    notInvoiced,
  };
};
