import { listInvoices } from '../../domain/invoicing/credit-invoice';
import type { InvoiceLedger } from '../../domain/ports';
import { ok, queryParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { yearParameter } from './admin-schemas';

export const createHandler = (ports: () => { ledger: InvoiceLedger }) =>
  httpFunction(async (event) =>
    ok(await listInvoices(ports(), queryParameterAs(event, 'year', yearParameter))),
  );

export const handler = createHandler(awsPorts);
