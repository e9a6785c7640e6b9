import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import { type AwsControlPlane, startAwsControlPlane } from '../../../local/aws-control-plane';
import { LocalEventBus } from '../../../local/event-bus';

/**
 * The local bus's PutEvents through @aws-sdk/client-eventbridge, as the local pipe, the local
 * scheduler and the ops CLI call it: the SDK's own serializer and parser of awsJson1_1.
 */
const put: Array<EventBridgeEvent<string, unknown>> = [];
let plane: AwsControlPlane;
let client: EventBridgeClient;
const BUS = 'network-table';
const ARN = `arn:aws:events:eu-north-1:000000000000:event-bus/${BUS}`;

beforeAll(async () => {
  plane = await startAwsControlPlane({
    port: 0,
    bus: new LocalEventBus([]),
    eventBus: { name: BUS, arn: ARN, put: (event) => put.push(event) },
    region: 'eu-north-1',
    stacks: () => ({}),
  });
  client = new EventBridgeClient({
    endpoint: plane.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await plane.stop();
});

describe('PutEvents on the local bus', () => {
  it('puts each entry on the bus as an event with an id of its own, the detail parsed', async () => {
    put.length = 0;
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: BUS,
            Source: 'network.meetings',
            DetailType: 'MeetingEnded',
            Detail: '{"id":"e-1"}',
          },
          {
            EventBusName: ARN,
            Source: 'network.timers',
            DetailType: 'ReminderTimeReached',
            Detail: '{"id":"e-2"}',
            Time: new Date('2027-03-08T09:00:00.250Z'),
            Resources: ['arn:aws:scheduler:eu-north-1:000000000000:schedule/g/s'],
          },
        ],
      }),
    );

    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.map((entry) => entry.EventId)).toEqual(put.map((event) => event.id));
    expect(new Set(put.map((event) => event.id)).size).toBe(2);
    expect(put.map((event) => [event.source, event['detail-type'], event.detail])).toEqual([
      ['network.meetings', 'MeetingEnded', { id: 'e-1' }],
      ['network.timers', 'ReminderTimeReached', { id: 'e-2' }],
    ]);
    expect(put[1]?.time).toBe('2027-03-08T09:00:00Z');
    expect(put[1]?.resources).toEqual(['arn:aws:scheduler:eu-north-1:000000000000:schedule/g/s']);
  });

  it('fails an entry that is not an event alone, and names why', async () => {
    put.length = 0;
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'network.meetings', DetailType: 'MeetingEnded', Detail: 'not json' },
          { Source: 'network.meetings', DetailType: 'MeetingEnded', Detail: '[1]' },
          { DetailType: 'MeetingEnded', Detail: '{}' },
          {
            EventBusName: 'another-bus',
            Source: 'network.meetings',
            DetailType: 'MeetingEnded',
            Detail: '{}',
          },
          { Source: 'network.meetings', DetailType: 'MeetingEnded', Detail: '{"id":"kept"}' },
        ],
      }),
    );

    expect(answer.FailedEntryCount).toBe(4);
    expect(answer.Entries?.map((entry) => entry.ErrorCode ?? 'ok')).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'ResourceNotFoundException',
      'ok',
    ]);
    expect(put.map((event) => event.detail)).toEqual([{ id: 'kept' }]);
  });

  it('refuses a call of more than ten entries as a whole', async () => {
    put.length = 0;
    const entry = { Source: 'network.meetings', DetailType: 'MeetingEnded', Detail: '{}' };

    await expect(client.send(new PutEventsCommand({ Entries: Array(11).fill(entry) }))).rejects.toMatchObject(
      {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      },
    );
    expect(put).toEqual([]);
  });
});
