import { type CancelRegistrationPorts, showRegistration } from '../../domain/meetings/cancel-registration';
import type { FocusGroupCatalogue } from '../../domain/ports';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacLinkTokens } from '../adapters/hmac-link-tokens';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => CancelRegistrationPorts & { focusGroups: FocusGroupCatalogue }) =>
  httpFunction(async (event) => {
    const p = ports();
    const focusGroupName = async (id: string) => (await p.focusGroups.focusGroup(id))?.name.sv ?? id;
    return ok(await showRegistration({ ...p, focusGroupName }, pathParameterAs(event, 'token', LinkToken)));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    linkTokens: new HmacLinkTokens(linkTokenKey(), clock),
    clock,
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
  })),
);
