import {
  CreateScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import type { PendingEvent } from '../../../../events/catalogue';
import { ReminderTimeReached } from '../../../../events/reminder-time-reached';
import { outboxPut } from '../../../../functions/adapters/dynamodb-outbox';
import { EventBridgeScheduler } from '../../../../functions/adapters/eventbridge-scheduler';
import { type BusEvent, parseBusEvent, timerEventInput } from '../../../../functions/shared/event-envelope';
import { type LocalScheduler, startLocalScheduler } from '../../../../local/scheduler-local';
import { toBusEvent } from '../../../../local/stream-pipe';
import { fixedClock } from '../../../fixtures/builders';
import { collectingPublisher } from '../../../fixtures/put-events';

const GROUP = 'network-timers';
const BUS_ARN = 'arn:aws:events:eu-north-1:000000000000:event-bus/network';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/scheduler-puts-events';
const DLQ_ARN = 'arn:aws:sqs:eu-north-1:000000000000:timer-dead-letters';

const reminder = (daysBefore: 7 | 1 = 7): PendingEvent => ({
  detailType: 'ReminderTimeReached',
  detail: { meetingId: 'meeting-1', daysBefore, startsAt: '2027-03-15T09:00:00.000Z' },
});

const started: Array<{ scheduler: LocalScheduler; client: SchedulerClient }> = [];

afterEach(async () => {
  for (const { scheduler, client } of started.splice(0)) {
    client.destroy();
    await scheduler.stop();
  }
});

/** The adapter against the local scheduler, with a manual clock and the published bus events. */
const setUp = async (now = '2027-03-01T08:00:00Z') => {
  const clock = fixedClock(now);
  const published: Array<EventBridgeEvent<string, unknown>> = [];
  const scheduler = await startLocalScheduler({
    port: 0,
    clock,
    pollMs: 0,
    publish: collectingPublisher(published),
  });
  const client = new SchedulerClient({
    endpoint: scheduler.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  started.push({ scheduler, client });
  const timers = new EventBridgeScheduler(client, {
    group: GROUP,
    targetArn: BUS_ARN,
    roleArn: ROLE_ARN,
    deadLetterArn: DLQ_ARN,
  });
  return { clock, published, scheduler, client, timers };
};

describe('EventBridgeScheduler', () => {
  it('sets a one-time schedule that puts the event on the bus, where the consumer parses it back', async () => {
    // Arrange
    const { clock, published, scheduler, client, timers } = await setUp();

    // Act
    await timers.schedule('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder());
    const schedule = await client.send(
      new GetScheduleCommand({ Name: 'reminder-meeting-1-7', GroupName: GROUP }),
    );
    clock.set('2027-03-08T08:59:59Z');
    const early = await scheduler.runDue();
    clock.set('2027-03-08T09:00:00Z');
    const onTime = await scheduler.runDue();

    // Assert
    expect(schedule).toMatchObject({
      GroupName: GROUP,
      ScheduleExpression: 'at(2027-03-08T09:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: BUS_ARN,
        RoleArn: ROLE_ARN,
        EventBridgeParameters: { Source: 'network.timers', DetailType: 'ReminderTimeReached' },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
    expect(early).toBe(0);
    expect(onTime).toBe(1);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ source: 'network.timers', 'detail-type': 'ReminderTimeReached' });
    expect(parseBusEvent(ReminderTimeReached, published[0] as BusEvent)).toEqual({
      id: 'reminder-meeting-1-7@2027-03-08T09:00:00.000Z',
      source: 'network.timers',
      detailType: 'ReminderTimeReached',
      version: 1,
      occurredAt: '2027-03-08T09:00:00.000Z',
      detail: { meetingId: 'meeting-1', daysBefore: 7, startsAt: '2027-03-15T09:00:00.000Z' },
    });
  });

  it('moves the timer when scheduled again: one schedule, fired at the new time only, with a new id', async () => {
    // Arrange
    const { clock, published, scheduler, timers } = await setUp();
    await timers.schedule('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder());

    // Act
    await timers.schedule('reminder-meeting-1-7', new Date('2027-03-09T09:00:00Z'), reminder());
    const schedules = scheduler.schedules();
    clock.set('2027-03-08T12:00:00Z');
    const atOldTime = await scheduler.runDue();
    clock.set('2027-03-09T09:00:00Z');
    const atNewTime = await scheduler.runDue();

    // Assert
    expect(schedules).toEqual([
      {
        name: 'reminder-meeting-1-7',
        group: GROUP,
        at: '2027-03-09T09:00:00.000Z',
        detailType: 'ReminderTimeReached',
      },
    ]);
    expect(atOldTime).toBe(0);
    expect(atNewTime).toBe(1);
    expect(parseBusEvent(ReminderTimeReached, published[0] as BusEvent).id).toBe(
      'reminder-meeting-1-7@2027-03-09T09:00:00.000Z',
    );
  });

  it('updates instead when a concurrent call created the schedule between its update and its create', async () => {
    // Arrange: a client that lets another caller create the schedule just before the adapter's create.
    const { scheduler, client } = await setUp();
    let raced = false;
    const racingClient = {
      send: async (command: unknown) => {
        if (command instanceof CreateScheduleCommand && !raced) {
          raced = true;
          await client.send(
            new CreateScheduleCommand({ ...command.input, ScheduleExpression: 'at(2027-03-07T09:00:00)' }),
          );
        }
        return client.send(command as CreateScheduleCommand);
      },
    } as unknown as SchedulerClient;
    const timers = new EventBridgeScheduler(racingClient, {
      group: GROUP,
      targetArn: BUS_ARN,
      roleArn: ROLE_ARN,
    });

    // Act
    await timers.schedule('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder());

    // Assert
    expect(raced).toBe(true);
    expect(scheduler.schedules().map((schedule) => schedule.at)).toEqual(['2027-03-08T09:00:00.000Z']);
  });

  it('cancels a timer so that it never fires, and shrugs at cancelling one that does not exist', async () => {
    const { clock, published, scheduler, client, timers } = await setUp();
    await timers.schedule('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder());

    await timers.cancel('reminder-meeting-1-7');
    await timers.cancel('reminder-meeting-1-7');
    await timers.cancel('never-scheduled');
    clock.set('2027-03-10T00:00:00Z');
    const fired = await scheduler.runDue();

    expect(fired).toBe(0);
    expect(published).toEqual([]);
    expect((await client.send(new ListSchedulesCommand({ GroupName: GROUP }))).Schedules).toEqual([]);
  });

  it('rounds an instant with milliseconds up to the next second, so that the timer never fires early', async () => {
    const { clock, published, scheduler, client, timers } = await setUp();

    await timers.schedule('reminder-meeting-1-1', new Date('2027-03-14T09:00:00.001Z'), reminder(1));
    const schedule = await client.send(
      new GetScheduleCommand({ Name: 'reminder-meeting-1-1', GroupName: GROUP }),
    );
    clock.set('2027-03-14T09:00:00.500Z');
    const early = await scheduler.runDue();
    clock.set('2027-03-14T09:00:01Z');
    await scheduler.runDue();

    expect(schedule.ScheduleExpression).toBe('at(2027-03-14T09:00:01)');
    expect(early).toBe(0);
    expect(parseBusEvent(ReminderTimeReached, published[0] as BusEvent)).toMatchObject({
      id: 'reminder-meeting-1-1@2027-03-14T09:00:01.000Z',
      occurredAt: '2027-03-14T09:00:01.000Z',
    });
  });

  it.each([
    ['an empty name', ''],
    ['a name with a space', 'reminder meeting-1'],
    ['a name with a colon', 'reminder:meeting-1'],
    ['a name of 65 characters', 'r'.repeat(65)],
  ])('refuses %s before calling the scheduler', async (_, name) => {
    const { scheduler, timers } = await setUp();

    await expect(timers.schedule(name, new Date('2027-03-08T09:00:00Z'), reminder())).rejects.toThrow(
      /Invalid timer name/,
    );
    await expect(timers.cancel(name)).rejects.toThrow(/Invalid timer name/);
    expect(scheduler.schedules()).toEqual([]);
  });

  it('accepts a name of 64 of the allowed characters', async () => {
    const { scheduler, timers } = await setUp();
    const name = `Aa0-_.${'x'.repeat(58)}`;

    await timers.schedule(name, new Date('2027-03-08T09:00:00Z'), reminder());

    expect(scheduler.schedules().map((schedule) => schedule.name)).toEqual([name]);
  });

  it('refuses a detail that breaks the event schema before calling the scheduler', async () => {
    const { scheduler, timers } = await setUp();
    const broken = { detailType: 'ReminderTimeReached', detail: { meetingId: 'meeting-1', daysBefore: 3 } };

    await expect(
      timers.schedule(
        'reminder-meeting-1-3',
        new Date('2027-03-08T09:00:00Z'),
        broken as unknown as PendingEvent,
      ),
    ).rejects.toThrow();
    expect(scheduler.schedules()).toEqual([]);
  });
});

describe('parseBusEvent', () => {
  const timerBusEvent = (input: string): BusEvent => ({
    version: '0',
    id: 'a4c1e7a2-5b8e-4c55-9a53-0d1b5f0f7c11',
    'detail-type': 'ReminderTimeReached',
    source: 'network.timers',
    account: '000000000000',
    time: '2027-03-08T09:00:00Z',
    region: 'eu-north-1',
    resources: [],
    detail: JSON.parse(input),
  });

  it("reads a timer event whose detail is the envelope: the event's fields with id, type, version and time", () => {
    const event = timerBusEvent(
      timerEventInput('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder()),
    );

    expect(event.detail).toEqual({
      meetingId: 'meeting-1',
      daysBefore: 7,
      startsAt: '2027-03-15T09:00:00.000Z',
      id: 'reminder-meeting-1-7@2027-03-08T09:00:00.000Z',
      type: 'ReminderTimeReached',
      version: 1,
      occurredAt: '2027-03-08T09:00:00.000Z',
    });
    expect(parseBusEvent(ReminderTimeReached, event)).toEqual({
      id: 'reminder-meeting-1-7@2027-03-08T09:00:00.000Z',
      source: 'network.timers',
      detailType: 'ReminderTimeReached',
      version: 1,
      occurredAt: '2027-03-08T09:00:00.000Z',
      detail: { meetingId: 'meeting-1', daysBefore: 7, startsAt: '2027-03-15T09:00:00.000Z' },
    });
  });

  it('refuses a timer event of another detail type', () => {
    const event = timerBusEvent(
      timerEventInput('meeting-1-ended', new Date('2027-03-15T16:00:00Z'), {
        detailType: 'MeetingEnded',
        detail: { meetingId: 'meeting-1', endsAt: '2027-03-15T16:00:00.000Z' },
      }),
    );

    expect(() => parseBusEvent(ReminderTimeReached, event)).toThrow(
      'Expected ReminderTimeReached, got MeetingEnded',
    );
  });

  it('refuses a timer event of another version', () => {
    const input = JSON.parse(
      timerEventInput('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder()),
    );
    const event = timerBusEvent(JSON.stringify({ ...input, version: 2 }));

    expect(() => parseBusEvent(ReminderTimeReached, event)).toThrow(
      /version 2 is neither 1 nor upcast to it/,
    );
  });

  it('refuses a timer event whose detail breaks the schema', () => {
    const input = JSON.parse(
      timerEventInput('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder()),
    );
    const event = timerBusEvent(JSON.stringify({ ...input, daysBefore: 3 }));

    expect(() => parseBusEvent(ReminderTimeReached, event)).toThrow(/daysBefore/);
  });

  it('still reads an event from the outbox through the pipe', () => {
    const { item } = outboxPut('table', reminder(), { id: 'event-1', now: new Date('2027-03-08T09:00:00Z') });
    const record = { eventName: 'INSERT', dynamodb: { NewImage: marshall(item.Put?.Item ?? {}) } };
    const event = toBusEvent(record as never) as BusEvent;

    expect(parseBusEvent(ReminderTimeReached, event)).toMatchObject({
      id: 'event-1',
      occurredAt: '2027-03-08T09:00:00.000Z',
      detail: { meetingId: 'meeting-1', daysBefore: 7 },
    });
  });

  it('refuses a bus event whose detail is not an envelope', () => {
    const event = timerBusEvent(JSON.stringify({ meetingId: 'meeting-1' }));

    expect(() => parseBusEvent(ReminderTimeReached, event)).toThrow(
      'Expected ReminderTimeReached, got undefined',
    );
  });

  it('refuses an envelope without an id', () => {
    const input = JSON.parse(
      timerEventInput('reminder-meeting-1-7', new Date('2027-03-08T09:00:00Z'), reminder()),
    );
    const event = timerBusEvent(JSON.stringify({ ...input, id: '' }));

    expect(() => parseBusEvent(ReminderTimeReached, event)).toThrow('The envelope has no id');
  });
});
