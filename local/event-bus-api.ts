import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';

/** EventBridge's bounds of one PutEvents call. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/** A request EventBridge refuses as a whole (awsJson1_1 error `__type`). */
export class PutEventsRefused extends Error {
  constructor(
    readonly code: 'ValidationException',
    message: string,
  ) {
    super(message);
  }
}

type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** EventBridge writes `time` in whole seconds. */
const eventTime = (time: unknown, now: Date): string | undefined => {
  const date = time === undefined ? now : new Date(typeof time === 'number' ? time * 1000 : String(time));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

/**
 * PutEvents of the local bus, as EventBridge answers it (awsJson1_1, `AWSEvents.PutEvents`): the
 * request is refused as a whole only when it breaks the call's bounds; an entry that is not an
 * event (no source, detail type or a detail that is not a JSON object, another bus) fails alone,
 * named in `Entries` and counted in `FailedEntryCount`, and the others are put on the bus. Each
 * accepted entry becomes an event with an id of its own, like every PutEvents.
 */
export const putEvents = (
  input: Record<string, unknown>,
  bus: { name: string; arn: string; put(event: EventBridgeEvent<string, unknown>): void },
  now: Date,
): { FailedEntryCount: number; Entries: ResultEntry[] } => {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES)
    throw new PutEventsRefused(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
    );
  if (Buffer.byteLength(JSON.stringify(entries), 'utf8') > MAX_REQUEST_BYTES)
    throw new PutEventsRefused(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  const results = entries.map((entry: unknown): ResultEntry => {
    const fail = (message: string): ResultEntry => ({ ErrorCode: 'InvalidArgument', ErrorMessage: message });
    if (typeof entry !== 'object' || entry === null) return fail('Entry is not an object.');
    const { Source, DetailType, Detail, EventBusName, Resources, Time } = entry as Record<string, unknown>;
    if (EventBusName !== undefined && EventBusName !== bus.name && EventBusName !== bus.arn)
      return {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Event bus ${String(EventBusName)} does not exist.`,
      };
    if (typeof Source !== 'string' || Source === '')
      return fail('Parameter Source is not valid. Reason: Source is a required argument.');
    if (typeof DetailType !== 'string' || DetailType === '')
      return fail('Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    let detail: unknown;
    try {
      detail = JSON.parse(String(Detail));
    } catch {
      detail = undefined;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return fail('Detail is malformed.');
    const time = eventTime(Time, now);
    if (!time) return fail('Parameter Time is not valid.');
    const id = randomUUID();
    bus.put({
      version: '0',
      id,
      'detail-type': DetailType,
      source: Source,
      account: '000000000000',
      time,
      region: 'eu-north-1',
      resources: Array.isArray(Resources) ? Resources.map(String) : [],
      detail,
    });
    return { EventId: id };
  });
  return { FailedEntryCount: results.filter((entry) => 'ErrorCode' in entry).length, Entries: results };
};
