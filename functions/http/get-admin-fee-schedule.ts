import { showFeeSchedule } from '../../domain/fees/set-fee-schedule';
import type { FeeScheduleBook } from '../../domain/ports';
import { DynamoDbFeeScheduleBook } from '../adapters/dynamodb-fees';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { yearParameter } from './admin-schemas';

export const createHandler = (ports: () => { feeSchedules: FeeScheduleBook }) =>
  httpFunction(async (event) =>
    ok(await showFeeSchedule(ports().feeSchedules, pathParameterAs(event, 'year', yearParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
  })),
);
