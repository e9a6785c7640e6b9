import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, RuleViolationError } from '../../domain/errors';
import {
  emailIdentity,
  type Registration,
  type RegistrationStatus,
} from '../../domain/meetings/registration';
import type { Clock, IdGenerator, RegistrationBook, StoredRegistration } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import {
  CONFLICT_RETRY_BUDGET_MS,
  cancellationCode,
  conflictBackoff,
  transactWrite,
} from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

const MAX_ATTEMPTS = 12;

/** Index of each item in the registration transaction; cancellation reasons come back in this order. */
const GUARD = 0;
const MEETING = 2;

/** Arrival order of a waiting list: received time, then id (ties are practically impossible). */
export const arrivalOrder = (a: { receivedAt: string; id: string }, b: { receivedAt: string; id: string }) =>
  a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);

export const emailHash = (email: string): string =>
  createHash('sha256').update(emailIdentity(email)).digest('hex');

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
    const started = Date.now();
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
        if (
          Date.now() - started >= CONFLICT_RETRY_BUDGET_MS ||
          !reasons.some((reason) => reason.Code === 'TransactionConflict')
        )
          throw error;
        await conflictBackoff(attempt);
        status = 'confirmed';
      }
    }
  }

  async registration(meetingId: string, registrationId: string): Promise<StoredRegistration | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.registration(meetingId, registrationId),
        ConsistentRead: true,
      }),
    );
    return Item ? withoutKeys<StoredRegistration>(Item) : undefined;
  }

  async cancel(
    meetingId: string,
    registrationId: string,
    eventFor: (previous: 'confirmed' | 'waitlisted') => PendingEvent,
  ): Promise<RegistrationStatus | 'cancelled' | undefined> {
    for (let attempt = 1; ; attempt++) {
      const registration = await this.registration(meetingId, registrationId);
      // A walk-in holds no seat and has no cancellation link: nothing to cancel.
      if (!registration || registration.status === 'walk-in') return undefined;
      if (registration.status === 'cancelled') return 'cancelled';
      const previous = registration.status;
      const now = this.clock.now();
      const counters =
        previous === 'confirmed'
          ? {
              UpdateExpression: `SET ${registration.days.map((_, i) => `seatsTaken.#d${i} = seatsTaken.#d${i} - :one`).join(', ')}`,
              ExpressionAttributeNames: Object.fromEntries(
                registration.days.map((day, i) => [`#d${i}`, day]),
              ),
            }
          : { UpdateExpression: 'SET waitlisted = waitlisted - :one' };
      try {
        await transactWrite(this.client, {
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.registration(meetingId, registrationId),
                UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now',
                ConditionExpression: '#status = :previous',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'cancelled',
                  ':now': now.toISOString(),
                  ':previous': previous,
                },
              },
            },
            // The address may register again.
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.registrationEmail(meetingId, emailHash(registration.email)),
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.meeting(meetingId),
                ...counters,
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            outboxPut(this.tableName, eventFor(previous), { id: this.ids.newId(), now }).item,
          ],
        });
        return previous;
      } catch (error) {
        // Promoted or cancelled meanwhile: read again and cancel what it is now.
        if (cancellationCode(error, 0) === 'ConditionalCheckFailed' && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async waitingList(meetingId: string): Promise<StoredRegistration[]> {
    return (await this.registrationsOf(meetingId))
      .filter((r) => r.status === 'waitlisted')
      .sort(arrivalOrder);
  }

  async activeRegistrations(meetingId: string): Promise<StoredRegistration[]> {
    return (await this.registrationsOf(meetingId)).filter(
      (r) => r.status === 'confirmed' || r.status === 'waitlisted',
    );
  }

  /** All registrations of a meeting (its partition holds at most capacity + queue + walk-ins). */
  private async registrationsOf(meetingId: string): Promise<StoredRegistration[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :registration)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':registration': 'REGISTRATION#' },
      ConsistentRead: true,
    });
    return items.map((item) => withoutKeys<StoredRegistration>(item));
  }

  async promote(meetingId: string, registrationId: string, event: PendingEvent): Promise<boolean> {
    const registration = await this.registration(meetingId, registrationId);
    if (registration?.status !== 'waitlisted') return false;
    const names: Record<string, string> = { '#capacity': 'capacity' };
    const sets: string[] = [];
    const conditions: string[] = [];
    registration.days.forEach((day, i) => {
      names[`#d${i}`] = day;
      sets.push(`seatsTaken.#d${i} = seatsTaken.#d${i} + :one`);
      conditions.push(`seatsTaken.#d${i} < #capacity`);
    });
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.registration(meetingId, registrationId),
              UpdateExpression: 'SET #status = :confirmed',
              ConditionExpression: '#status = :waitlisted',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted' },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.meeting(meetingId),
              UpdateExpression: `SET ${sets.join(', ')}, waitlisted = waitlisted - :one`,
              ConditionExpression: conditions.join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      });
      return true;
    } catch (error) {
      const code0 = cancellationCode(error, 0);
      const code1 = cancellationCode(error, 1);
      if (code0 === 'ConditionalCheckFailed' || code1 === 'ConditionalCheckFailed') return false;
      throw error;
    }
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
      // Nobody may take a seat while others wait for one: freed seats go to the queue first.
      conditions.push('(attribute_not_exists(waitlisted) OR waitlisted = :zero)');
      values[':zero'] = 0;
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
