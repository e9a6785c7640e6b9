import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, RuleViolationError } from '../../domain/errors';
import {
  emailIdentity,
  type Registration,
  type RegistrationStatus,
} from '../../domain/meetings/registration';
import type { Clock, IdGenerator, RegistrationBook } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { keys } from './table-design';

const MAX_ATTEMPTS = 12;

/** Index of each item in the registration transaction; cancellation reasons come back in this order. */
const GUARD = 0;
const MEETING = 2;

export const emailHash = (email: string): string =>
  createHash('sha256').update(emailIdentity(email)).digest('hex');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registrations under their meeting's partition. One transaction writes: a guard item that makes
 * the e-mail unique per meeting, the registration, the meeting's counters (conditional: open, and a
 * free seat on each chosen day for a confirmation) and the outbox event. DynamoDB evaluates the
 * conditions atomically, so capacity holds under any concurrency.
 */
export class DynamoDbRegistrationBook implements RegistrationBook {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async register(
    registration: Registration,
    eventFor: (status: RegistrationStatus) => PendingEvent,
  ): Promise<RegistrationStatus> {
    let status: RegistrationStatus = 'confirmed';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({ TransactItems: this.items(registration, status, eventFor) }),
        );
        return status;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[GUARD]?.Code === 'ConditionalCheckFailed') {
          throw new ConflictError(
            'ALREADY_REGISTERED',
            'This e-mail address is already registered for the meeting',
            {
              cause: error,
            },
          );
        }
        if (reasons[MEETING]?.Code === 'ConditionalCheckFailed') {
          // Either the meeting is full (try the waiting list) or it closed/was cancelled meanwhile.
          if (status === 'confirmed' && (await this.isOpen(registration.meetingId))) {
            status = 'waitlisted';
            continue;
          }
          throw new RuleViolationError('REGISTRATION_CLOSED', 'Registration for this meeting is closed', {
            cause: error,
          });
        }
        // TransactionConflict: a concurrent transaction touched the meeting item. Back off with jitter.
        if (attempt >= MAX_ATTEMPTS || !reasons.some((reason) => reason.Code === 'TransactionConflict'))
          throw error;
        await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
        status = 'confirmed';
      }
    }
  }

  async registration(
    meetingId: string,
    registrationId: string,
  ): Promise<(Registration & { status: RegistrationStatus }) | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.registration(meetingId, registrationId) }),
    );
    if (!Item) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...registration } = Item;
    return registration as Registration & { status: RegistrationStatus };
  }

  private items(
    registration: Registration,
    status: RegistrationStatus,
    eventFor: (s: RegistrationStatus) => PendingEvent,
  ) {
    const now = this.clock.now();
    const names: Record<string, string> = { '#status': 'status', '#closes': 'registrationClosesAt' };
    if (status === 'confirmed') names['#capacity'] = 'capacity';
    const values: Record<string, unknown> = {
      ':scheduled': 'scheduled',
      ':now': now.toISOString(),
      ':one': 1,
    };
    const conditions = ['#status = :scheduled', '#closes > :now'];
    let update: string;
    if (status === 'confirmed') {
      const sets = registration.days.map((day, i) => {
        names[`#d${i}`] = day;
        conditions.push(`seatsTaken.#d${i} < #capacity`);
        return `seatsTaken.#d${i} = seatsTaken.#d${i} + :one`;
      });
      update = `SET ${sets.join(', ')}`;
    } else {
      update = 'SET waitlisted = waitlisted + :one';
    }
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.registrationEmail(registration.meetingId, emailHash(registration.email)),
            type: 'registration-email',
            registrationId: registration.id,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.registration(registration.meetingId, registration.id),
            type: 'registration',
            ...registration,
            status,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.meeting(registration.meetingId),
          UpdateExpression: update,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      outboxPut(this.tableName, eventFor(status), { id: this.ids.newId(), now }).item,
    ];
  }

  private async isOpen(meetingId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.meeting(meetingId), ConsistentRead: true }),
    );
    return Item?.status === 'scheduled' && String(Item.registrationClosesAt) > this.clock.now().toISOString();
  }
}
