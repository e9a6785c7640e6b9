import { describe, expect, it } from '@jest/globals';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { defineEvent, type EventRecord } from '../../../events/define-event';
import { busDetailOf, eventPattern } from '../../../events/envelope';
import { RegistrationPromoted } from '../../../events/registration-promoted';
import { consumerFunction, type Receipts } from '../../../functions/shared/consumer-handler';
import { LocalEventBus } from '../../../local/event-bus';

/**
 * The first v2 of an event, on the local bus with the rules the CDK app would deploy for its
 * consumers (the same `eventPattern`): a consumer still on v1 keeps handling v1 and is never handed
 * a v2 (nothing dead-lettered), and a consumer of v2 also reads the v1 events still on their way,
 * through the upcaster the v2 definition carries.
 */
const V1 = RegistrationPromoted;
const V2 = defineEvent({
  ...V1,
  version: 2,
  summary: 'Someone on the waiting list got a seat; v2 names the days the seat is for.',
  detail: (V1.detail as z.ZodObject).extend({ seatDays: z.array(z.iso.date()).min(1) }),
  earlierVersions: [
    {
      version: 1,
      detail: V1.detail,
      // A v1 promotion was for every day of the registration.
      upcast: (detail) => ({
        ...(detail as { days: string[] }),
        seatDays: (detail as { days: string[] }).days,
      }),
    },
  ],
});

const v1Detail = {
  registrationId: 'registration-1',
  meetingId: 'meeting-1',
  days: ['2027-03-15'],
  municipalityCode: '1480',
  role: 'municipal-ecologist',
};

const onBus = (record: EventRecord): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: `bus-${record.id}`,
  'detail-type': record.detailType,
  source: record.source,
  account: '000000000000',
  time: '2027-03-01T08:00:00Z',
  region: 'eu-north-1',
  resources: [],
  detail: busDetailOf(record),
});

const record = (id: string, version: number, detail: object): EventRecord => ({
  id,
  source: V1.source,
  detailType: V1.detailType,
  version,
  occurredAt: '2027-03-01T08:00:00.000Z',
  detail,
});

const noReceipts: Receipts = {
  once: async (_consumer, _id, work) => ({ duplicate: false, result: await work() }),
};

const context = {} as Context;

describe('a v2 of an event', () => {
  it('reaches consumers of v2 (and v1 through the upcaster) and never a consumer still on v1', async () => {
    // Arrange
    const seenByOld: unknown[] = [];
    const seenByNew: unknown[] = [];
    const old = consumerFunction(
      { consumer: 'old-consumer', event: V1, entry: 'old.ts', summary: 'reads v1' },
      () => noReceipts,
      async (event) => seenByOld.push(event.detail),
    );
    const current = consumerFunction(
      { consumer: 'new-consumer', event: V2, entry: 'new.ts', summary: 'reads v2' },
      () => noReceipts,
      async (event) => seenByNew.push(event.detail),
    );
    const bus = new LocalEventBus(
      [
        { name: 'old-consumer', pattern: eventPattern(V1), target: (event) => old(event as never, context) },
        {
          name: 'new-consumer',
          pattern: eventPattern(V2),
          target: (event) => current(event as never, context),
        },
      ],
      { attempts: 1 },
    );

    // Act
    bus.put(onBus(record('event-v1', 1, v1Detail)));
    bus.put(onBus(record('event-v2', 2, { ...v1Detail, seatDays: ['2027-03-15'] })));
    await bus.idle();

    // Assert
    expect(eventPattern(V1).detail).toEqual({ version: [1] });
    expect(eventPattern(V2).detail).toEqual({ version: [2, 1] });
    expect(seenByOld).toEqual([v1Detail]);
    expect(bus.attempted.get('old-consumer')).toBe(1);
    expect(seenByNew).toEqual([
      { ...v1Detail, seatDays: ['2027-03-15'] },
      { ...v1Detail, seatDays: ['2027-03-15'] },
    ]);
    expect(bus.deadLetters).toEqual([]);
  });

  it('would dead-letter a v2 at a v1 consumer if its rule did not filter on the version', async () => {
    // The reason for the version in the pattern: the v1 consumer refuses what it cannot read.
    const old = consumerFunction(
      { consumer: 'old-consumer', event: V1, entry: 'old.ts', summary: 'reads v1' },
      () => noReceipts,
      async () => 'handled',
    );
    const unfiltered = { source: [V1.source], 'detail-type': [V1.detailType] };
    const bus = new LocalEventBus(
      [{ name: 'old-consumer', pattern: unfiltered, target: (event) => old(event as never, context) }],
      { attempts: 1 },
    );

    bus.put(onBus(record('event-v2', 2, { ...v1Detail, seatDays: ['2027-03-15'] })));
    await bus.idle();

    expect(bus.deadLetters.map((letter) => letter.error)).toEqual([
      'RegistrationPromoted version 2 is neither 1 nor upcast to it',
    ]);
  });
});
