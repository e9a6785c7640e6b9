import { indexFeeSchedule } from '../../domain/fees/set-fee-schedule';
import type { FeeScheduleBook } from '../../domain/ports';
import { DynamoDbFeeScheduleBook } from '../adapters/dynamodb-fees';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { IndexRequest, yearParameter } from './admin-schemas';

type Book = FeeScheduleBook & { wageGrowth(year: number): Promise<number | undefined> };

export const createHandler = (ports: () => { feeSchedules: Book }) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    // An empty body means: use the stored wage growth of the previous year.
    const input = event.body ? parseBody(IndexRequest, event) : {};
    return created(await indexFeeSchedule(ports().feeSchedules, year, input.wageGrowthPercent));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
  })),
);
