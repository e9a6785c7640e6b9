import { importPopulation } from '../../domain/members/import-population';
import type { Clock, PopulationRegister } from '../../domain/ports';
import { MAX_POPULATION_CSV_BYTES, parsePopulationCsv } from '../../formats/csv/population-csv';
import { DynamoDbPopulationRegister } from '../adapters/dynamodb-fees';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, queryParameterAs, rawBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { sourceParameter } from './admin-schemas';

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream'] as const;

export const createHandler = (ports: () => { population: PopulationRegister; clock: Clock }) =>
  httpFunction(async (event) => {
    const file = rawBody(event, CSV_TYPES, MAX_POPULATION_CSV_BYTES);
    const { population, clock } = ports();
    const source =
      queryParameterAs(event, 'source', sourceParameter) ??
      `upload ${clock.now().toISOString().slice(0, 10)}`;
    return ok(await importPopulation(population, parsePopulationCsv, file, source));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    population: new DynamoDbPopulationRegister(db, table, clock, ids),
    clock,
  })),
);
