import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { documentClient } from './dynamodb-wiring';
import { perContainer } from './per-container';
import { awsPorts } from './ports';

const personalData = perContainer(
  ({ cfg, clock, ids }) => new DynamoDbPersonalData(documentClient(cfg), cfg.TABLE_NAME, clock, ids),
);

/**
 * Every port plus the personal-data store, for tests and scripts. Built again when the local cloud
 * points the process at a new table (`resetAwsPorts`). The privacy functions do not use this: each
 * builds its own ports (see its handler file), as every function does.
 */
export const privacyPorts = () => ({ ...awsPorts(), people: personalData() });
export type PrivacyPorts = ReturnType<typeof privacyPorts>;
