import { type FeePreviewPorts, previewFees } from '../../domain/fees/preview-fees';
import { DynamoDbFeeScheduleBook, DynamoDbPopulationRegister } from '../adapters/dynamodb-fees';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { yearParameter } from './admin-schemas';

export const createHandler = (ports: () => FeePreviewPorts) =>
  httpFunction(async (event) =>
    ok(await previewFees(ports(), pathParameterAs(event, 'year', yearParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    population: new DynamoDbPopulationRegister(db, table, clock, ids),
  })),
);
