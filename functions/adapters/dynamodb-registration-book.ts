import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError, ContentionError, RuleViolationError } from '../../domain/errors';
import {
  emailIdentity,
  type Registration,
  type RegistrationStatus,
} from '../../domain/meetings/registration';
import {
  decidePlace,
  type PlaceDecision,
  type Premise,
  type SeatCounters,
} from '../../domain/meetings/seat-decision';
import type {
  Clock,
  IdGenerator,
  PromotionRecord,
  RegistrationBook,
  StoredRegistration,
} from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { describeError, logger } from '../shared/logger';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import {
  CONFLICT_RETRY_BUDGET_MS,
  cancellationCode,
  conflictBackoff,
  isItemConflict,
  isThrottled,
  isTransactionConflict,
  transactWrite,
} from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

const MAX_ATTEMPTS = 12;

/**
 * The counters a decision is made from when the caller read none: as if the meeting were empty.
 * The seat guard refuses that decision if it is wrong, and the refusal returns the real counters.
 */
const UNKNOWN: SeatCounters = { capacity: Number.POSITIVE_INFINITY, seatsTaken: {}, waitlisted: 0 };

/** What a registration that lost every race it may run answers: try again shortly (HTTP 429). */
const busy = (cause: unknown) =>
  new ContentionError('MEETING_BUSY', 'Many are registering for this meeting right now; try again', 1, {
    cause,
  });

/** The seat counters of a meeting item (as DynamoDB returned it). */
const countersOf = (item: StoredItem): SeatCounters => ({
  capacity: Number(item.capacity),
  seatsTaken: (item.seatsTaken as Record<string, number> | undefined) ?? {},
  waitlisted: Number(item.waitlisted ?? 0),
});

/**
 * The book's own sequence of a registration: the value of the meeting's `arrivals` counter that the
 * update which gave it a seat or a place in the queue set. Storage only: reads leave it out.
 */
const ARRIVAL = 'arrival';

/** The state of an e-mail guard: claimed before a place is taken, registered once it is recorded. */
const CLAIMED = 'claimed';
const REGISTERED = 'registered';

type StoredItem = Record<string, unknown>;

/** Meetings whose last outcome is remembered (a bound, not a tuning knob). */
const LAST_PLACES = 1000;

/**
 * After a refused fast-path transaction, how long the meeting takes the three steps: a burst's
 * registrations arrive within a few seconds of each other, and a quiet spell of this length means
 * the next registration is most likely alone again.
 */
const QUIET_MS = 5000;

/**
 * Arrival order of a waiting list: the order in which the book accepted the registrations (their
 * `arrival` sequence). Registrations stored before the sequence existed have none; they were all
 * accepted before any that has one, and keep their old order (received time, then id).
 */
export const arrivalOrder = (a: StoredItem, b: StoredItem): number => {
  const [x, y] = [a[ARRIVAL], b[ARRIVAL]];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return 1;
  if (typeof y === 'number') return -1;
  return String(a.receivedAt).localeCompare(String(b.receivedAt)) || String(a.id).localeCompare(String(b.id));
};

const asRegistration = (item: StoredItem): StoredRegistration => {
  const { [ARRIVAL]: _arrival, ...rest } = item;
  return withoutKeys<StoredRegistration>(rest);
};

export const emailHash = (email: string): string =>
  createHash('sha256').update(emailIdentity(email)).digest('hex');

/** A seat (or a place in the queue) taken on the meeting item, and the arrival number it got. */
interface Place {
  status: RegistrationStatus;
  arrival: number;
}

/**
 * Registrations under their meeting's partition.
 *
 * Why not one transaction: the meeting item holds the seat counters, so every registration has to
 * change it. Transactions that touch the same item do not queue: DynamoDB cancels all but one
 * (`TransactionConflict`), and under a burst (500 people at 09:00 when registration opens) the
 * retries grow until requests run out of time; DynamoDB Local instead serialises them, at 35–100
 * a second on a busy 2-core machine, which together with the rest of a burst's work ran requests
 * past the functions' 10 s timeout (HTTP 500, `TimeoutError` in the log). A
 * single-item conditional update of the hot item never conflicts with another one: DynamoDB applies
 * them one after the other, each in a few milliseconds. So a registration is written in three steps,
 * only the second of which touches the meeting:
 * 1. Claim the address: a guard item per (meeting, e-mail hash), conditional Put. A second
 *    registration with the same address stops here (409) before it could hold a seat.
 * 2. Take a place: the place is decided by `decidePlace` (domain/meetings/seat-decision.ts) from
 *    the meeting's counters as the caller read them; one conditional UpdateItem of the meeting item
 *    takes it (a seat on each chosen day, or a place in the queue) and in the same update counts
 *    `arrivals`. Its condition only guards the decision's premises (open, and nobody waiting and a
 *    seat free on every day; or someone waiting; or the day that was full still full). When a
 *    premise no longer holds, the refusal returns the item as it is, and the decision is made again
 *    from it: optimistic concurrency without a read of its own. The value the update returns is
 *    the registration's arrival number: the order in which the book accepted registrations
 *    (gapless per meeting, but for a registration that failed after this step), which orders the
 *    waiting list; clock times taken by concurrent handlers before they reach the meeting cannot.
 * 3. Record: one transaction of items no other registration touches (the registration with its
 *    status and arrival, the guard marked registered, the `RegistrationReceived` outbox event).
 * Capacity holds because step 2 is atomic; the record and its event stay one transaction. What
 * this gives up: step 2 and step 3 are not atomic together. If step 3 fails the place is handed
 * back (only when the registration is surely not stored); if the function dies between the two, a
 * place stays counted that nobody holds, and the guard item left in state `claimed` (with the
 * registration id and time) is how an operator finds it. We judged a seat possibly lost to a crashed
 * function a smaller harm than refusing people with 500s whenever many register at once.
 */
export class DynamoDbRegistrationBook implements RegistrationBook {
  /** The meeting's `arrivals` counter as this book's last write there left it (the fast path's guess). */
  private readonly lastArrival = new Map<string, number>();
  /** When a fast-path transaction on the meeting was last refused (someone else wrote meanwhile). */
  private readonly contendedAt = new Map<string, number>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async register(
    registration: Registration,
    eventFor: (status: RegistrationStatus) => PendingEvent,
    seen?: SeatCounters,
  ): Promise<RegistrationStatus> {
    // The rule decides from the counters as the caller read them; the writes guard that decision.
    let decision = decidePlace(seen ?? UNKNOWN, registration);
    if (decision.status === 'confirmed') {
      const fast = await this.registerInOne(registration, eventFor, decision.premise);
      if (fast === true) return 'confirmed';
      // A refusal that returned the meeting as it is: decide again from it, before the next write.
      if (fast) decision = decidePlace(fast, registration);
    }
    await this.claimAddress(registration);
    let place: Place;
    try {
      place = await this.takePlace(registration, decision);
    } catch (error) {
      await this.releaseAddress(registration).catch(() => undefined);
      throw error;
    }
    try {
      await this.record(registration, place, eventFor);
    } catch (error) {
      await this.undoPlace(registration, place, error);
      // The record's items are this registration's own; a conflict or throttling there outlasted
      // the retries, and nothing of the registration is kept: the person may simply try again.
      if (isTransactionConflict(error) || isThrottled(error)) throw busy(error);
      throw error;
    }
    return place.status;
  }

  /**
   * The fast path: the three steps as one transaction, for a seat, when this container expects no
   * contention. It is only tried when the book knows the meeting's `arrivals` counter from its own
   * last write there (so the registration's arrival number is known before the write: the
   * transaction requires the counter to still hold that value) and no other writer has got in
   * between in the last `QUIET_MS`. One round trip instead of three, with the same conditions and
   * items, so nothing is given up: when the guess is wrong (another registration got in, the
   * meeting is full, someone waits, a transaction holds the item) DynamoDB refuses it whole and the
   * three steps run as before. Under a burst the first refusal switches the meeting to the three
   * steps for a while, so transactions never pile up on the hot item (see the class comment).
   *
   * @returns `true` when the registration was stored (with a seat); otherwise the three steps are
   *   taken, from the meeting's counters as the refusal returned them when it did.
   */
  private async registerInOne(
    registration: Registration,
    eventFor: (status: RegistrationStatus) => PendingEvent,
    premise: Premise,
  ): Promise<true | false | SeatCounters> {
    const { meetingId } = registration;
    const expected = this.lastArrival.get(meetingId);
    const contendedAt = this.contendedAt.get(meetingId);
    if (expected === undefined || (contendedAt !== undefined && Date.now() - contendedAt < QUIET_MS)) {
      return false;
    }
    // The seat update of step 2, with the counter set to the value expected rather than added to,
    // under the condition that nobody else has counted meanwhile.
    const seat = this.placeUpdate(premise, 'arrivals = :arrival');
    const arrival = expected + 1;
    const now = this.clock.now();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.registrationEmail(meetingId, emailHash(registration.email)),
                  type: 'registration-email',
                  registrationId: registration.id,
                  state: REGISTERED,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.meeting(meetingId),
                UpdateExpression: seat.UpdateExpression,
                ConditionExpression: `${seat.ConditionExpression} AND arrivals = :expected`,
                ExpressionAttributeNames: seat.ExpressionAttributeNames,
                ExpressionAttributeValues: {
                  ...seat.ExpressionAttributeValues,
                  ':arrival': arrival,
                  ':expected': expected,
                },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.registration(meetingId, registration.id),
                  type: 'registration',
                  ...registration,
                  status: 'confirmed',
                  [ARRIVAL]: arrival,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            outboxPut(this.tableName, eventFor('confirmed'), { id: this.ids.newId(), now }).item,
          ],
        }),
      );
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'ALREADY_REGISTERED',
          'This e-mail address is already registered for the meeting',
          {
            cause: error,
          },
        );
      }
      if (error instanceof TransactionCanceledException) {
        // Another writer got in first, or no seat: the three steps decide, and this meeting
        // takes them for a while.
        this.contendedAt.set(meetingId, Date.now());
        this.lastArrival.delete(meetingId);
        const meeting = error.CancellationReasons?.[1]?.Item;
        return meeting ? countersOf(unmarshall(meeting as never)) : false;
      }
      // Anything else (a timeout, throttling after the SDK's retries): the transaction may have
      // committed, so trying again could register the person twice. The caller sees the failure.
      throw error;
    }
    this.remember(meetingId, arrival);
    return true;
  }

  /** What the book knows about a meeting after its own write there (bounded: see LAST_PLACES). */
  private remember(meetingId: string, arrival: number): void {
    if (this.lastArrival.size > LAST_PLACES) {
      this.lastArrival.clear();
      this.contendedAt.clear();
    }
    this.lastArrival.set(meetingId, arrival);
  }

  /** Step 1: the guard that makes an address unique per meeting. */
  private async claimAddress(registration: Registration): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.registrationEmail(registration.meetingId, emailHash(registration.email)),
            type: 'registration-email',
            registrationId: registration.id,
            state: CLAIMED,
            claimedAt: this.clock.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          'ALREADY_REGISTERED',
          'This e-mail address is already registered for the meeting',
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async releaseAddress(registration: Registration): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.registrationEmail(registration.meetingId, emailHash(registration.email)),
        ConditionExpression: 'registrationId = :id AND #state = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':id': registration.id, ':claimed': CLAIMED },
      }),
    );
  }

  /**
   * Step 2: the decided place, under a condition that guards the decision's premises. A refusal
   * returns the meeting item as it is; the decision is made again from it (a seat freed meanwhile,
   * or the last one gone), so a lost race costs one more update and no read.
   */
  private async takePlace(registration: Registration, first: PlaceDecision): Promise<Place> {
    const started = Date.now();
    let decision = first;
    for (let attempt = 1; ; attempt++) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.meeting(registration.meetingId),
            ...this.placeUpdate(decision.premise),
            ReturnValues: 'UPDATED_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const arrival = Number(Attributes?.arrivals);
        this.remember(registration.meetingId, arrival);
        return { status: decision.status, arrival };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          const item = error.Item ? unmarshall(error.Item) : undefined;
          if (!item || !this.isOpenItem(item)) {
            throw new RuleViolationError('REGISTRATION_CLOSED', 'Registration for this meeting is closed', {
              cause: error,
            });
          }
          decision = decidePlace(countersOf(item), registration);
          if (attempt < MAX_ATTEMPTS) continue;
          // The counters changed under every decision made (seats freed and taken back and forth).
          throw busy(error);
        }
        // A transaction (a cancellation, a promotion, another fast path) holds the meeting item.
        if (isItemConflict(error)) {
          if (Date.now() - started < CONFLICT_RETRY_BUDGET_MS) {
            logger.debug('registration: meeting item held by a transaction, retrying', { attempt });
            await conflictBackoff(attempt);
            continue;
          }
          throw busy(error);
        }
        // Not applied: the SDK's own retries of throttling ran out.
        if (isThrottled(error)) throw busy(error);
        throw error;
      }
    }
  }

  /** The update that takes the decided place, conditional on the premises of the decision. */
  private placeUpdate(premise: Premise, arrivals = 'arrivals = if_not_exists(arrivals, :zero) + :one') {
    const names: Record<string, string> = {
      '#status': 'status',
      '#closes': 'registrationClosesAt',
      '#capacity': 'capacity',
    };
    const values: Record<string, unknown> = {
      ':scheduled': 'scheduled',
      ':now': this.clock.now().toISOString(),
      ':one': 1,
      ':zero': 0,
    };
    const open = '#status = :scheduled AND #closes > :now';
    if (premise.kind === 'seat') {
      const days = premise.days.map((day, i) => {
        names[`#d${i}`] = day;
        return `seatsTaken.#d${i}`;
      });
      return {
        UpdateExpression: `SET ${days.map((day) => `${day} = ${day} + :one`).join(', ')}, ${arrivals}`,
        // Nobody waits, and each chosen day is below capacity: the decision's premises.
        ConditionExpression: [
          open,
          '(attribute_not_exists(waitlisted) OR waitlisted = :zero)',
          ...days.map((day) => `${day} < #capacity`),
        ].join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
    }
    let premiseHolds = 'waitlisted > :zero';
    // DynamoDB refuses names an expression does not use.
    if (premise.kind === 'someone-waits') delete names['#capacity'];
    if (premise.kind === 'day-full') {
      names['#d0'] = premise.day;
      // The day that was full still is (or someone has started to wait since: the queue is still
      // right). A day without a counter has no seat to give either.
      premiseHolds = `${premiseHolds} OR attribute_not_exists(seatsTaken.#d0) OR seatsTaken.#d0 >= #capacity`;
    }
    return {
      UpdateExpression: `SET waitlisted = if_not_exists(waitlisted, :zero) + :one, ${arrivals}`,
      ConditionExpression: `${open} AND (${premiseHolds})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** Step 3: the registration, its guard marked registered, and its event, all or nothing. */
  private async record(
    registration: Registration,
    place: Place,
    eventFor: (status: RegistrationStatus) => PendingEvent,
  ): Promise<void> {
    const now = this.clock.now();
    await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.registrationEmail(registration.meetingId, emailHash(registration.email)),
            UpdateExpression: 'SET #state = :registered REMOVE claimedAt',
            ConditionExpression: 'registrationId = :id',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':registered': REGISTERED, ':id': registration.id },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.registration(registration.meetingId, registration.id),
              type: 'registration',
              ...registration,
              status: place.status,
              [ARRIVAL]: place.arrival,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        outboxPut(this.tableName, eventFor(place.status), { id: this.ids.newId(), now }).item,
      ],
    });
  }

  /**
   * Hands a place back after step 3 failed, but only when the registration is surely not stored
   * (a transaction can commit and still reach us as an error, e.g. a timeout on the way back):
   * handing back a place someone holds would overbook the meeting; keeping one nobody holds only
   * loses it.
   */
  private async undoPlace(registration: Registration, place: Place, failure: unknown): Promise<void> {
    try {
      if (await this.registration(registration.meetingId, registration.id)) return;
      const names: Record<string, string> = {};
      const update =
        place.status === 'confirmed'
          ? `SET ${registration.days
              .map((day, i) => {
                names[`#d${i}`] = day;
                return `seatsTaken.#d${i} = seatsTaken.#d${i} - :one`;
              })
              .join(', ')}`
          : 'SET waitlisted = waitlisted - :one';
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.meeting(registration.meetingId),
          UpdateExpression: update,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      await this.releaseAddress(registration);
    } catch (error) {
      logger.error('registration: a place taken could not be handed back', {
        meetingId: registration.meetingId,
        registrationId: registration.id,
        status: place.status,
        failure: describeError(failure),
        ...describeError(error),
      });
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
    return Item ? asRegistration(Item) : undefined;
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
        if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
          if (attempt < MAX_ATTEMPTS) continue;
          throw busy(error);
        }
        // Nothing was applied; the request may be sent again.
        if (isTransactionConflict(error) || isThrottled(error)) throw busy(error);
        throw error;
      }
    }
  }

  async waitingList(meetingId: string): Promise<StoredRegistration[]> {
    return (await this.registrationsOf(meetingId))
      .filter((item) => item.status === 'waitlisted')
      .sort(arrivalOrder)
      .map(asRegistration);
  }

  async allRegistrations(meetingId: string): Promise<StoredRegistration[]> {
    return (await this.registrationsOf(meetingId)).sort(arrivalOrder).map(asRegistration);
  }

  async activeRegistrations(meetingId: string): Promise<StoredRegistration[]> {
    return (await this.registrationsOf(meetingId))
      .filter((item) => item.status === 'confirmed' || item.status === 'waitlisted')
      .map(asRegistration);
  }

  /** All registration items of a meeting (its partition holds at most capacity + queue + walk-ins). */
  private registrationsOf(meetingId: string): Promise<StoredItem[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :registration)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':registration': 'REGISTRATION#' },
      ConsistentRead: true,
    });
  }

  async promote(
    meetingId: string,
    registrationId: string,
    event: PendingEvent,
    record?: PromotionRecord,
  ): Promise<boolean> {
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
              UpdateExpression: record
                ? 'SET #status = :confirmed, promotion = :record'
                : 'SET #status = :confirmed',
              ConditionExpression: '#status = :waitlisted',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':confirmed': 'confirmed',
                ':waitlisted': 'waitlisted',
                ...(record ? { ':record': { ...record } } : {}),
              },
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

  private isOpenItem(item: StoredItem | undefined): boolean {
    return item?.status === 'scheduled' && String(item.registrationClosesAt) > this.clock.now().toISOString();
  }
}
