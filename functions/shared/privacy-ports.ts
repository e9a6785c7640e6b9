import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { config } from './config';
import { awsPorts, documentClient, type Ports } from './ports';

const stores = new WeakMap<Ports, DynamoDbPersonalData>();

/**
 * The ports of the privacy functions: the shared ones plus the personal-data store. Keyed on the
 * shared ports object, so that when the local cloud points the process at a new table (and
 * rebuilds the shared ports) the store follows.
 */
export const privacyPorts = () => {
  const ports = awsPorts();
  let people = stores.get(ports);
  if (!people) {
    const cfg = config();
    people = new DynamoDbPersonalData(documentClient(cfg), cfg.TABLE_NAME, ports.clock, ports.ids);
    stores.set(ports, people);
  }
  return { ...ports, people };
};
export type PrivacyPorts = ReturnType<typeof privacyPorts>;
