import { type CloseYearPorts, closeYear } from '../../domain/invoicing/close-year';
import { json, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { yearParameter } from './admin-schemas';

/** 202: the invoices are issued and mailed by consumers of YearClosed. */
export const createHandler = (ports: () => CloseYearPorts) =>
  httpFunction(async (event) => {
    const closed = await closeYear(ports(), pathParameterAs(event, 'year', yearParameter));
    return json(202, { ...closed, status: 'closing' });
  });

export const handler = createHandler(awsPorts);
