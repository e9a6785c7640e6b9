import type { RegistrationBook } from '../../domain/ports';
import { indexAttendee, type PersonIndex } from '../../domain/privacy/index-person';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (
  ports: () => { registrations: RegistrationBook; people: PersonIndex; receipts: Receipts },
) =>
  consumerFunction(
    subscription('index-attendee'),
    () => ports().receipts,
    (event) => indexAttendee(ports(), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    people: new DynamoDbPersonalData(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
