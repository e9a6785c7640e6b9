import { type ReportPorts, recordSurvey } from '../../domain/statistics/year-report-use-cases';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { DynamoDbReportArchive } from '../adapters/dynamodb-report-archive';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { SurveyRequest, yearParameter } from './admin-schemas';

export const createHandler = (ports: () => ReportPorts) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    return ok(await recordSurvey(ports(), year, parseBody(SurveyRequest, event)));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    statistics: new DynamoDbStatisticsBook(db, table),
    archive: new DynamoDbReportArchive(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    clock,
  })),
);
