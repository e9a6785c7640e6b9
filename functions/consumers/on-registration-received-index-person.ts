import type { Pseudonyms, RegistrationBook } from '../../domain/ports';
import { indexRegistrant, type PersonIndex } from '../../domain/privacy/index-person';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { linkTokenKey } from '../shared/link-token-key';
import { subscription } from '../subscriptions';

export const createHandler = (
  ports: () => {
    registrations: RegistrationBook;
    pseudonyms: Pseudonyms;
    people: PersonIndex;
    receipts: Receipts;
  },
) =>
  consumerFunction(
    subscription('index-registrant'),
    () => ports().receipts,
    (event) => indexRegistrant(ports(), event.detail),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
    people: new DynamoDbPersonalData(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
