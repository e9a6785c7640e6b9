import { type IssueInvoicesPorts, issueInvoices } from '../../domain/invoicing/issue-invoices';
import { YearClosed } from '../../events/year-closed';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

/**
 * Idempotent twice over: the receipt skips a redelivered event, and the ledger issues each
 * (fee year, billing party) invoice once even if two deliveries run at the same time.
 */
export const createHandler = (ports: () => IssueInvoicesPorts & { receipts: Receipts }) =>
  consumerFunction(
    'issue-invoices',
    YearClosed,
    () => ports().receipts,
    async (event) => {
      const { issued, notInvoiced } = await issueInvoices(ports(), event.detail);
      return { issued: issued.length, notInvoiced: notInvoiced.length };
    },
  );

export const handler = createHandler(awsPorts);
