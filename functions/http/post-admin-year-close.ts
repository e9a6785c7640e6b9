import { type CloseYearPorts, closeYear } from '../../domain/invoicing/close-year';
import { DynamoDbFeeScheduleBook, DynamoDbYearBook } from '../adapters/dynamodb-fees';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { json, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { yearParameter } from './admin-schemas';

/** 202: the invoices are issued and mailed by consumers of YearClosed. */
export const createHandler = (ports: () => CloseYearPorts) =>
  httpFunction(async (event) => {
    const closed = await closeYear(ports(), pathParameterAs(event, 'year', yearParameter));
    return json(202, { ...closed, status: 'closing' });
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    years: new DynamoDbYearBook(db, table, clock, ids),
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    clock,
  })),
);
