import { creditInvoice } from '../../domain/invoicing/credit-invoice';
import type { IssueInvoicesPorts } from '../../domain/invoicing/issue-invoices';
import type { Clock } from '../../domain/ports';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { CreditRequest, invoiceNumberParameter } from './admin-schemas';

export const createHandler = (ports: () => IssueInvoicesPorts & { clock: Clock }) =>
  httpFunction(async (event) => {
    const number = pathParameterAs(event, 'number', invoiceNumberParameter);
    const input = event.body ? parseBody(CreditRequest, event) : { reissue: false };
    return created(await creditInvoice(ports(), number, input));
  });

export const handler = createHandler(awsPorts);
