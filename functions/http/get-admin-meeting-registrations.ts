import { type ListRegistrantsPorts, listRegistrants } from '../../domain/meetings/list-registrants';
import { registrantListCsv } from '../../formats/csv/registrant-list-csv';
import { registrantListXlsx } from '../../formats/report/registrant-list-xlsx';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs, queryParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import {
  registrantDayParameter,
  registrantFormatParameter,
  registrantMunicipalityParameter,
  registrantRoleParameter,
  registrantSearchParameter,
  registrantSortParameter,
  registrantStatusParameter,
} from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** Headers of a download: personal data, so never cached and never sniffed as something else. */
const download = (contentType: string, filename: string) => ({
  'content-type': contentType,
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * A meeting's registrants: JSON (default), `?format=csv` (Swedish Excel) or `?format=xlsx`, with
 * the same filters and order in each. The XLSX goes back base64-encoded, as API Gateway wants
 * binary bodies from a Lambda.
 */
export const createHandler = (ports: () => ListRegistrantsPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const format = queryParameterAs(event, 'format', registrantFormatParameter);
    const query = {
      status: queryParameterAs(event, 'status', registrantStatusParameter),
      day: queryParameterAs(event, 'day', registrantDayParameter),
      municipalityCode: queryParameterAs(event, 'municipality', registrantMunicipalityParameter),
      role: queryParameterAs(event, 'role', registrantRoleParameter),
      q: queryParameterAs(event, 'q', registrantSearchParameter),
      sort: queryParameterAs(event, 'sort', registrantSortParameter),
    };
    const { meeting, registrations } = await listRegistrants(ports(), meetingId, query);
    const filename = `anmalda-${meeting.days[0] ?? meetingId}`;
    if (format === 'csv') {
      return {
        statusCode: 200,
        headers: download('text/csv; charset=utf-8', `${filename}.csv`),
        body: registrantListCsv(registrations),
      };
    }
    if (format === 'xlsx') {
      const bytes = await registrantListXlsx(meeting.title, registrations);
      return {
        statusCode: 200,
        headers: download(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          `${filename}.xlsx`,
        ),
        body: Buffer.from(bytes).toString('base64'),
        isBase64Encoded: true,
      };
    }
    return ok({ meetingId, registrations });
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
  })),
);
