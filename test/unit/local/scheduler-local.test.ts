import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import { type LocalScheduler, startLocalScheduler } from '../../../local/scheduler-local';
import { fixedClock } from '../../fixtures/builders';
import { collectingPublisher, publisherTo } from '../../fixtures/put-events';

const BUS_ARN = 'arn:aws:events:eu-north-1:000000000000:event-bus/network';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/scheduler-puts-events';

type BusEvent = EventBridgeEvent<string, unknown>;

const started: Array<{ scheduler: LocalScheduler; client: SchedulerClient }> = [];
const folders: string[] = [];

afterEach(async () => {
  for (const { scheduler, client } of started.splice(0)) {
    client.destroy();
    await scheduler.stop();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** An emulator on a free port with a manual clock and no polling, and a real SDK client for it. */
const startScheduler = async (options: { now?: string; stateFile?: string } = {}) => {
  const clock = fixedClock(options.now ?? '2027-03-01T08:00:00Z');
  const published: BusEvent[] = [];
  const scheduler = await startLocalScheduler({
    port: 0,
    clock,
    publish: collectingPublisher(published),
    pollMs: 0,
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
  });
  const client = new SchedulerClient({
    endpoint: scheduler.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  started.push({ scheduler, client });
  return { scheduler, client, clock, published };
};

/** The error a call fails with (caught at once, so that no rejection is left unhandled). */
const failureOf = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );

const temporaryStateFile = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'scheduler-local-'));
  folders.push(folder);
  return join(folder, 'state', 'schedules.json');
};

const oneTime = (
  name: string,
  at: string,
  overrides: Partial<CreateScheduleCommandInput> = {},
): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: 'network',
  ScheduleExpression: `at(${at})`,
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  Target: {
    Arn: BUS_ARN,
    RoleArn: ROLE_ARN,
    EventBridgeParameters: { DetailType: 'ReminderTimeReached', Source: 'network.timers' },
    Input: JSON.stringify({ meetingId: 'm-1', daysBefore: 7 }),
  },
  ...overrides,
});

describe('local scheduler: the EventBridge Scheduler API', () => {
  it('creates, reads, moves, lists and deletes a schedule through the real SDK', async () => {
    // Arrange
    const { client } = await startScheduler();

    // Act
    const created = await client.send(
      new CreateScheduleCommand(oneTime('reminder-m-1-7', '2027-03-08T09:00:00')),
    );
    const read = await client.send(new GetScheduleCommand({ Name: 'reminder-m-1-7', GroupName: 'network' }));
    await client.send(new UpdateScheduleCommand(oneTime('reminder-m-1-7', '2027-03-09T09:00:00')));
    const moved = await client.send(new GetScheduleCommand({ Name: 'reminder-m-1-7', GroupName: 'network' }));
    await client.send(new CreateScheduleCommand(oneTime('reminder-m-2-7', '2027-04-01T09:00:00')));
    await client.send(
      new CreateScheduleCommand({ ...oneTime('elsewhere', '2027-04-01T09:00:00'), GroupName: 'other' }),
    );
    const listed = await client.send(new ListSchedulesCommand({ GroupName: 'network' }));
    await client.send(new DeleteScheduleCommand({ Name: 'reminder-m-1-7', GroupName: 'network' }));
    const afterDelete = await client.send(new ListSchedulesCommand({ GroupName: 'network' }));

    // Assert
    expect(created.ScheduleArn).toBe(
      'arn:aws:scheduler:eu-north-1:000000000000:schedule/network/reminder-m-1-7',
    );
    expect(read).toMatchObject({
      Arn: created.ScheduleArn,
      Name: 'reminder-m-1-7',
      GroupName: 'network',
      ScheduleExpression: 'at(2027-03-08T09:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: BUS_ARN,
        RoleArn: ROLE_ARN,
        EventBridgeParameters: { DetailType: 'ReminderTimeReached', Source: 'network.timers' },
        Input: JSON.stringify({ meetingId: 'm-1', daysBefore: 7 }),
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    });
    expect(read.CreationDate).toEqual(new Date('2027-03-01T08:00:00Z'));
    expect(moved.ScheduleExpression).toBe('at(2027-03-09T09:00:00)');
    expect(
      listed.Schedules?.map((schedule) => [schedule.Name, schedule.GroupName, schedule.Target?.Arn]),
    ).toEqual([
      ['reminder-m-1-7', 'network', BUS_ARN],
      ['reminder-m-2-7', 'network', BUS_ARN],
    ]);
    expect(afterDelete.Schedules?.map((schedule) => schedule.Name)).toEqual(['reminder-m-2-7']);
  });

  it('pages through ListSchedules with NextToken', async () => {
    const { client } = await startScheduler();
    for (const name of ['a', 'b', 'c']) {
      await client.send(new CreateScheduleCommand(oneTime(name, '2027-04-01T09:00:00')));
    }

    const first = await client.send(new ListSchedulesCommand({ GroupName: 'network', MaxResults: 2 }));
    const second = await client.send(
      new ListSchedulesCommand({ GroupName: 'network', MaxResults: 2, NextToken: first.NextToken }),
    );

    expect(first.Schedules?.map((schedule) => schedule.Name)).toEqual(['a', 'b']);
    expect(first.NextToken).toBeDefined();
    expect(second.Schedules?.map((schedule) => schedule.Name)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
  });

  it('answers a second create of the same name with ConflictException', async () => {
    const { client } = await startScheduler();
    await client.send(new CreateScheduleCommand(oneTime('reminder-m-1-7', '2027-03-08T09:00:00')));

    const again = await failureOf(
      client.send(new CreateScheduleCommand(oneTime('reminder-m-1-7', '2027-03-10T09:00:00'))),
    );

    expect(again).toBeInstanceOf(ConflictException);
    expect(again).toMatchObject({ $metadata: { httpStatusCode: 409 } });
  });

  it('answers get, update and delete of an unknown schedule with ResourceNotFoundException', async () => {
    const { client } = await startScheduler();
    await client.send(new CreateScheduleCommand(oneTime('known', '2027-03-08T09:00:00')));

    const get = await failureOf(
      client.send(new GetScheduleCommand({ Name: 'unknown', GroupName: 'network' })),
    );
    const update = await failureOf(
      client.send(new UpdateScheduleCommand(oneTime('unknown', '2027-03-08T09:00:00'))),
    );
    const remove = await failureOf(
      client.send(new DeleteScheduleCommand({ Name: 'unknown', GroupName: 'network' })),
    );
    // The same name in another group is another schedule.
    const otherGroup = await failureOf(
      client.send(new GetScheduleCommand({ Name: 'known', GroupName: 'other' })),
    );

    expect(get).toBeInstanceOf(ResourceNotFoundException);
    expect(get).toMatchObject({
      $metadata: { httpStatusCode: 404 },
      message: 'Schedule unknown does not exist.',
    });
    expect(update).toBeInstanceOf(ResourceNotFoundException);
    expect(remove).toBeInstanceOf(ResourceNotFoundException);
    expect(otherGroup).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses what it does not emulate with ValidationException and a clear message', async () => {
    const { client } = await startScheduler();

    const rate = await failureOf(
      client.send(
        new CreateScheduleCommand({
          ...oneTime('every-hour', '2027-03-08T09:00:00'),
          ScheduleExpression: 'rate(1 hour)',
        }),
      ),
    );
    const stockholm = await failureOf(
      client.send(
        new CreateScheduleCommand({
          ...oneTime('in-stockholm', '2027-03-08T09:00:00'),
          ScheduleExpressionTimezone: 'Europe/Stockholm',
        }),
      ),
    );
    const queue = await failureOf(
      client.send(
        new CreateScheduleCommand({
          ...oneTime('to-a-queue', '2027-03-08T09:00:00'),
          Target: { Arn: 'arn:aws:sqs:eu-north-1:000000000000:q', RoleArn: ROLE_ARN, SqsParameters: {} },
        }),
      ),
    );
    const badDate = await failureOf(
      client.send(new CreateScheduleCommand(oneTime('feb-30', '2027-02-30T09:00:00'))),
    );
    const badName = await failureOf(
      client.send(new CreateScheduleCommand(oneTime('with space', '2027-03-08T09:00:00'))),
    );

    expect(rate).toBeInstanceOf(ValidationException);
    expect(rate).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(String(rate)).toMatch(/only one-time at\(yyyy-mm-ddThh:mm:ss\).*rate\(1 hour\)/);
    expect(stockholm).toBeInstanceOf(ValidationException);
    expect(String(stockholm)).toMatch(/UTC only/);
    expect(queue).toBeInstanceOf(ValidationException);
    expect(String(queue)).toMatch(/only EventBridge targets/);
    expect(badDate).toBeInstanceOf(ValidationException);
    expect(badName).toBeInstanceOf(ValidationException);
    expect((await client.send(new ListSchedulesCommand({}))).Schedules).toEqual([]);
  });
});

describe('local scheduler: firing', () => {
  it('fires nothing before its time and the bus event exactly once at it', async () => {
    // Arrange
    const { client, scheduler, clock, published } = await startScheduler({ now: '2027-03-08T08:59:59Z' });
    await client.send(new CreateScheduleCommand(oneTime('reminder-m-1-7', '2027-03-08T09:00:00')));

    // Act
    const early = await scheduler.runDue();
    const publishedEarly = published.length;
    clock.set('2027-03-08T09:00:00Z');
    const onTime = await scheduler.runDue();
    clock.set('2027-03-08T09:05:00Z');
    const later = await scheduler.runDue();

    // Assert
    expect(early).toBe(0);
    expect(publishedEarly).toBe(0);
    expect(onTime).toBe(1);
    expect(later).toBe(0);
    expect(published).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'ReminderTimeReached',
        source: 'network.timers',
        account: '000000000000',
        time: '2027-03-08T09:00:00Z',
        region: 'eu-north-1',
        resources: ['arn:aws:scheduler:eu-north-1:000000000000:schedule/network/reminder-m-1-7'],
        detail: { meetingId: 'm-1', daysBefore: 7 },
      },
    ]);
    // ActionAfterCompletion DELETE: gone once fired.
    expect(scheduler.schedules()).toEqual([]);
  });

  it('keeps a fired schedule without ActionAfterCompletion DELETE, and does not fire it again', async () => {
    const { client, scheduler, clock, published } = await startScheduler();
    await client.send(
      new CreateScheduleCommand({ ...oneTime('kept', '2027-03-08T09:00:00'), ActionAfterCompletion: 'NONE' }),
    );

    clock.set('2027-03-08T10:00:00Z');
    await scheduler.runDue();
    await scheduler.runDue();

    expect(published).toHaveLength(1);
    expect(scheduler.schedules().map((schedule) => schedule.name)).toEqual(['kept']);
  });

  it('fires a moved schedule at its new time only, a deleted one never', async () => {
    // Arrange
    const { client, scheduler, clock, published } = await startScheduler();
    await client.send(new CreateScheduleCommand(oneTime('moved', '2027-03-08T09:00:00')));
    await client.send(new CreateScheduleCommand(oneTime('deleted', '2027-03-08T09:00:00')));
    await client.send(new UpdateScheduleCommand(oneTime('moved', '2027-03-10T09:00:00')));
    await client.send(new DeleteScheduleCommand({ Name: 'deleted', GroupName: 'network' }));

    // Act
    clock.set('2027-03-09T09:00:00Z');
    const atOldTime = await scheduler.runDue();
    clock.set('2027-03-10T09:00:00Z');
    const atNewTime = await scheduler.runDue();

    // Assert
    expect(atOldTime).toBe(0);
    expect(atNewTime).toBe(1);
    expect(published.map((event) => event.resources)).toEqual([
      ['arn:aws:scheduler:eu-north-1:000000000000:schedule/network/moved'],
    ]);
  });

  it('fires due schedules in the order of their times and leaves disabled ones alone', async () => {
    const { client, scheduler, clock, published } = await startScheduler();
    await client.send(new CreateScheduleCommand(oneTime('second', '2027-03-08T10:00:00')));
    await client.send(new CreateScheduleCommand(oneTime('first', '2027-03-08T09:00:00')));
    await client.send(
      new CreateScheduleCommand({ ...oneTime('off', '2027-03-08T08:00:00'), State: 'DISABLED' }),
    );

    clock.set('2027-03-09T00:00:00Z');
    const fired = await scheduler.runDue();

    expect(fired).toBe(2);
    expect(published.map((event) => event.resources[0]?.split('/').at(-1))).toEqual(['first', 'second']);
    expect(scheduler.schedules().map((schedule) => schedule.name)).toEqual(['off']);
  });

  it('keeps a schedule whose publishing failed and fires it on the next run', async () => {
    const clock = fixedClock('2027-03-08T09:00:00Z');
    let failing = true;
    const published: BusEvent[] = [];
    const scheduler = await startLocalScheduler({
      port: 0,
      clock,
      pollMs: 0,
      publish: collectingPublisher(published, { failing: () => failing }),
    });
    const client = new SchedulerClient({
      endpoint: scheduler.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    started.push({ scheduler, client });
    await client.send(new CreateScheduleCommand(oneTime('flaky', '2027-03-08T09:00:00')));

    const whileFailing = await scheduler.runDue();
    failing = false;
    const afterwards = await scheduler.runDue();

    expect(whileFailing).toBe(0);
    expect(afterwards).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('keeps its schedules across a restart with the same state file', async () => {
    // Arrange
    const stateFile = temporaryStateFile();
    const first = await startScheduler({ stateFile });
    await first.client.send(new CreateScheduleCommand(oneTime('survivor', '2027-03-08T09:00:00')));
    await first.client.send(new CreateScheduleCommand(oneTime('removed', '2027-03-08T09:00:00')));
    await first.client.send(new DeleteScheduleCommand({ Name: 'removed', GroupName: 'network' }));
    first.client.destroy();
    await first.scheduler.stop();

    // Act
    const second = await startScheduler({ stateFile, now: '2027-03-08T09:00:01Z' });
    const read = await second.client.send(new GetScheduleCommand({ Name: 'survivor', GroupName: 'network' }));
    const fired = await second.scheduler.runDue();
    const third = await startScheduler({ stateFile, now: '2027-03-08T09:00:02Z' });

    // Assert
    expect(read.ScheduleExpression).toBe('at(2027-03-08T09:00:00)');
    expect(fired).toBe(1);
    expect(second.published.map((event) => event.resources[0])).toEqual([
      'arn:aws:scheduler:eu-north-1:000000000000:schedule/network/survivor',
    ]);
    // Fired and deleted before the next restart: it does not come back.
    expect(third.scheduler.schedules()).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ schedules: [] });
  });

  it('fires due schedules by itself when polling', async () => {
    const clock = fixedClock('2027-03-08T09:00:00Z');
    let resolveFired: (event: BusEvent) => void = () => undefined;
    const fired = new Promise<BusEvent>((resolve) => (resolveFired = resolve));
    const scheduler = await startLocalScheduler({
      port: 0,
      clock,
      pollMs: 10,
      publish: publisherTo<BusEvent>((event) => resolveFired(event)),
    });
    const client = new SchedulerClient({
      endpoint: scheduler.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    started.push({ scheduler, client });

    await client.send(new CreateScheduleCommand(oneTime('polled', '2027-03-08T08:59:00')));

    expect((await fired).resources).toEqual([
      'arn:aws:scheduler:eu-north-1:000000000000:schedule/network/polled',
    ]);
  });
});
