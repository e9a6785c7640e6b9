import { type EvaluationPorts, showEvaluation } from '../../domain/evaluations/evaluate-meeting';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbEvaluationBook } from '../adapters/dynamodb-evaluation-book';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => EvaluationPorts) =>
  httpFunction(async (event) =>
    ok(await showEvaluation(ports(), pathParameterAs(event, 'token', LinkToken))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
    evaluations: new DynamoDbEvaluationBook(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
  })),
);
