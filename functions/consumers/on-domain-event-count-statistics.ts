import type { Context } from 'aws-lambda';
import { type CountingPorts, countEvent } from '../../domain/statistics/count-event';
import { AttendanceLogged } from '../../events/attendance-logged';
import type { EventDefinition } from '../../events/define-event';
import { EvaluationSubmitted } from '../../events/evaluation-submitted';
import { MeetingCancelled } from '../../events/meeting-cancelled';
import { MeetingRescheduled } from '../../events/meeting-rescheduled';
import { MeetingScheduled } from '../../events/meeting-scheduled';
import { RegistrationCancelled } from '../../events/registration-cancelled';
import { RegistrationPromoted } from '../../events/registration-promoted';
import { RegistrationReceived } from '../../events/registration-received';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import type { BusEvent } from '../shared/event-envelope';

/** The events the statistics count; each lists this file as a consumer in events/. */
const COUNTED: readonly EventDefinition[] = [
  MeetingScheduled,
  MeetingRescheduled,
  MeetingCancelled,
  RegistrationReceived,
  RegistrationCancelled,
  RegistrationPromoted,
  AttendanceLogged,
  EvaluationSubmitted,
];

/**
 * One handler for every counted event: it picks the event's definition by detail type, so each
 * event is still parsed against its one definition, and counts it (once per event id).
 */
export const createHandler = (ports: () => CountingPorts & { receipts: Receipts }) => {
  const handlers = new Map(
    COUNTED.map((definition) => [
      definition.detailType,
      consumerFunction(
        'count-statistics',
        definition,
        () => ports().receipts,
        (event) => countEvent(ports(), event),
      ),
    ]),
  );
  return async (event: BusEvent, context: Context) => {
    const handler = handlers.get(event['detail-type']);
    if (!handler) throw new Error(`count-statistics does not count ${event['detail-type']}`);
    return handler(event, context);
  };
};

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    statistics: new DynamoDbStatisticsBook(db, table),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
