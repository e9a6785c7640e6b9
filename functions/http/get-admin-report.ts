import { type ReportPorts, yearReport } from '../../domain/statistics/year-report-use-cases';
import { yearReportCsv } from '../../formats/report/report-csv';
import { yearReportHtml } from '../../formats/report/report-html';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { DynamoDbReportArchive } from '../adapters/dynamodb-report-archive';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs, queryParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { languageParameter, reportFormatParameter, yearParameter } from './admin-schemas';

/**
 * A year's report as JSON (default), CSV (`?format=csv`, for spreadsheets) or a printable HTML page
 * with charts (`?format=html`, `&lang=en` for English). The page's only style element is allowed
 * by its hash; nothing else may load or run.
 */
export const createHandler = (ports: () => ReportPorts) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    const format = queryParameterAs(event, 'format', reportFormatParameter);
    const language = queryParameterAs(event, 'lang', languageParameter);
    const report = await yearReport(ports(), year);
    if (format === 'json') return ok(report);
    if (format === 'csv') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="arsrapport-${year}.csv"`,
          'cache-control': 'no-store',
        },
        body: yearReportCsv(report),
      };
    }
    const { html, styleHash } = yearReportHtml(report, language);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; style-src ${styleHash}; img-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      },
      body: html,
    };
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
