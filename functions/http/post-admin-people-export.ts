import { type ExportPorts, exportPersonalData } from '../../domain/privacy/export-personal-data';
import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { suppressionList } from '../shared/suppression-wiring';
import { PersonRequest } from './admin-people-schemas';

/** 200 with everything held about the address (empty lists for an unknown one). */
export const createHandler = (ports: () => ExportPorts) =>
  httpFunction(async (event) => {
    const { email } = parseBody(PersonRequest, event);
    return ok(await exportPersonalData(ports(), email));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    people: new DynamoDbPersonalData(db, table, clock, ids),
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
    suppressions: suppressionList(),
  })),
);
