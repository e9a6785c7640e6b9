import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { EventScheduler } from '../../domain/ports';
import { eventDefinition, type PendingEvent } from '../../events/catalogue';
import { roundUpToSecond, timerEventInput } from '../shared/event-envelope';

export interface EventBridgeSchedulerSettings {
  /** The schedule group of the network's timers. */
  group: string;
  /** ARN of the event bus the timers publish to (the universal EventBridge target). */
  targetArn: string;
  /** Role that EventBridge Scheduler assumes to call PutEvents on the bus. */
  roleArn: string;
  /** Queue for events the scheduler could not deliver after its retries. */
  deadLetterArn?: string;
}

/** EventBridge Scheduler's rule for schedule names (and group names). */
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

/** `at(...)` takes a local date-time without zone or fraction; the zone is given separately (UTC). */
const atExpression = (at: Date): string => `at(${roundUpToSecond(at).toISOString().slice(0, 19)})`;

/**
 * Timers as one-time EventBridge Scheduler schedules that put the event on the bus. Locally the
 * same code talks to the local scheduler (local/scheduler-local.ts); only the endpoint differs.
 */
export class EventBridgeScheduler implements EventScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: EventBridgeSchedulerSettings,
  ) {}

  /**
   * Moves the schedule if it exists (UpdateSchedule), else creates it. Update first because moving
   * is as common as creating and a create would fail on an existing one anyway; a create that loses
   * a race with a concurrent create updates instead, so the last call wins either way.
   */
  async schedule(name: string, at: Date, event: PendingEvent): Promise<void> {
    const input = this.scheduleInput(name, at, event);
    try {
      await this.client.send(new UpdateScheduleCommand(input));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async cancel(name: string): Promise<void> {
    assertScheduleName(name);
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.settings.group }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  private scheduleInput(name: string, at: Date, event: PendingEvent): CreateScheduleCommandInput {
    assertScheduleName(name);
    const definition = eventDefinition(event.detailType);
    if (!definition) throw new Error(`Unknown event type ${event.detailType}`);
    const { deadLetterArn } = this.settings;
    return {
      Name: name,
      GroupName: this.settings.group,
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      // A fired timer has done its work; deleting it keeps the group from filling up with dead schedules.
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: this.settings.targetArn,
        RoleArn: this.settings.roleArn,
        EventBridgeParameters: { Source: definition.source, DetailType: definition.detailType },
        Input: timerEventInput(name, at, event),
        // The service's own maxima, stated so that they do not depend on defaults: a timer has no
        // second chance, so a failed PutEvents (throttling, an outage) is retried for up to a day;
        // an event still undelivered after that is stale (the reminder is past) and goes to the DLQ.
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
      },
    };
  }
}

const assertScheduleName = (name: string): void => {
  if (!SCHEDULE_NAME.test(name)) {
    throw new Error(
      `Invalid timer name ${JSON.stringify(name)}: EventBridge Scheduler takes 1–64 of [0-9a-zA-Z-_.]`,
    );
  }
};
