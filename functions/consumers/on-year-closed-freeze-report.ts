import { freezeYearReport, type ReportPorts } from '../../domain/statistics/year-report-use-cases';
import { YearClosed } from '../../events/year-closed';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => ReportPorts & { receipts: Receipts }) =>
  consumerFunction(
    'freeze-year-report',
    YearClosed,
    () => ports().receipts,
    (event) => freezeYearReport(ports(), event.detail.year),
  );

export const handler = createHandler(awsPorts);
