import { setFeeSchedule } from '../../domain/fees/set-fee-schedule';
import type { FeeScheduleBook } from '../../domain/ports';
import { DynamoDbFeeScheduleBook } from '../adapters/dynamodb-fees';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { FeeScheduleRequest, yearParameter } from './admin-schemas';

export const createHandler = (ports: () => { feeSchedules: FeeScheduleBook }) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    return ok(await setFeeSchedule(ports().feeSchedules, year, parseBody(FeeScheduleRequest, event)));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
  })),
);
