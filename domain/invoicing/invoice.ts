import type { Ore } from '../fees/money';

/** A postal address as printed on an invoice. */
export interface PostalAddress {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
}

/** Who pays: a member municipality itself, or an organisation paying for several (a federation). */
export interface BillingParty {
  readonly id: string;
  readonly name: string;
  readonly organisationNumber?: string;
  readonly invoiceEmail: string;
  readonly postalAddress: PostalAddress;
  readonly peppolId?: string;
}

/** The organisation that runs the network and invoices, for a period. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly organisationNumber: string;
  readonly bankgiro: string;
  readonly senderEmail: string;
  readonly postalAddress: PostalAddress;
  /** First day (YYYY-MM-DD) this principal runs the network. */
  readonly validFrom: string;
  /** Last day, absent while it lasts. */
  readonly validTo?: string;
  /** Numbers of this principal's invoice series start here. */
  readonly firstInvoiceNumber: number;
  /** Days from invoice date to due date. */
  readonly paymentTermsDays: number;
  readonly example?: boolean;
}

/** How a line's fee came about. */
export type FeeBasis = 'rate' | 'floor' | 'cap' | 'pro-rata';

/** One member on an invoice. */
export interface InvoiceLine {
  readonly municipalityCode: string;
  readonly municipalityName: string;
  readonly population: number;
  /** Reference date of the population figure: 31 December of the year before the fee year. */
  readonly populationDate: string;
  readonly feeOre: Ore;
  readonly basis: FeeBasis;
  /** Months billed when the basis is pro-rata. */
  readonly months?: number;
}

/** An invoice before it gets its number (the ledger assigns numbers without gaps). */
export interface InvoiceDraft {
  readonly kind: 'invoice' | 'credit-note';
  readonly feeYear: number;
  readonly billingParty: BillingParty;
  readonly principal: Principal;
  readonly lines: readonly InvoiceLine[];
  readonly netOre: Ore;
  readonly vatPercent: number;
  readonly vatOre: Ore;
  readonly totalOre: Ore;
  /** YYYY-MM-DD */
  readonly invoiceDate: string;
  readonly dueDate: string;
  /** For a credit note: the number of the invoice it cancels. */
  readonly creditOf?: number;
}

export type InvoiceStatus = 'issued' | 'credited';

/** An issued invoice or credit note: immutable, addresses as they were when it was issued. */
export interface Invoice extends InvoiceDraft {
  readonly number: number;
  /** Swedish payment reference (OCR) with a Luhn check digit. */
  readonly ocr: string;
  readonly status: InvoiceStatus;
  readonly issuedAt: string;
}

/** A member that was not invoiced, and why (nothing is guessed). */
export interface NotInvoiced {
  readonly municipalityCode: string;
  readonly reason: 'MISSING_POPULATION' | 'NO_BILLING_PARTY';
}
