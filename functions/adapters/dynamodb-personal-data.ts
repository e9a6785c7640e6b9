import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { emailIdentity } from '../../domain/meetings/registration';
import type { Clock, IdGenerator, StoredRegistration, Subscriber } from '../../domain/ports';
import type { Person, PersonalDataStore } from '../../domain/privacy/personal-data';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { emailHash } from './dynamodb-registration-book';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { GSI1, gsi1, keys } from './table-design';

/**
 * The person index: one item per registration under the keyed pseudonym of the address
 * (`PERSON#<HMAC>` / `REGISTRATION#<meetingId>#<registrationId>`). It holds ids only, so that
 * erasure and export reach a person's registrations in every meeting with one Query.
 */
export const personIndexKey = (personKey: string, meetingId: string, registrationId: string) => ({
  PK: `PERSON#${personKey}`,
  SK: `REGISTRATION#${meetingId}#${registrationId}`,
});

/**
 * How far back erasure also looks up the e-mail guards of meetings, for a registration whose index
 * entry a consumer has not written yet (seconds after it was made). Registrations are taken before
 * a meeting and walk-ins logged within days after it; older ones are indexed long since.
 */
const GUARD_LOOKBACK_DAYS = 60;

const BATCH = 25;

/** Everything a person's data touches, in the single table. See docs/privacy.md. */
export class DynamoDbPersonalData implements PersonalDataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Adds a registration to the person index (idempotent: the same item again). */
  async index(personKey: string, meetingId: string, registrationId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...personIndexKey(personKey, meetingId, registrationId),
          type: 'person-index',
          meetingId,
          registrationId,
        },
      }),
    );
  }

  async registrationsOf(person: Person): Promise<StoredRegistration[]> {
    const refs = new Map<string, { meetingId: string; registrationId: string }>();
    for (const entry of await this.indexEntries(person.key)) {
      refs.set(`${entry.meetingId}#${entry.registrationId}`, entry);
    }
    for (const entry of await this.recentGuards(person.email)) {
      refs.set(`${entry.meetingId}#${entry.registrationId}`, entry);
    }
    const found = await Promise.all(
      [...refs.values()].map(async ({ meetingId, registrationId }) => {
        const { Item } = await this.db.send(
          new GetCommand({
            TableName: this.table,
            Key: keys.registration(meetingId, registrationId),
            ConsistentRead: true,
          }),
        );
        return Item ? withoutKeys<StoredRegistration>(Item) : undefined;
      }),
    );
    // A defence against a stale entry: only registrations made with this very address.
    return found.filter(
      (r): r is StoredRegistration =>
        r !== undefined &&
        typeof r.email === 'string' &&
        emailIdentity(r.email) === emailIdentity(person.email),
    );
  }

  async subscriptionsOf(subscriberId: string): Promise<Subscriber[]> {
    const groups = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': gsi1.focusGroups },
    });
    const found = await Promise.all(
      groups.map(async (group) => {
        const focusGroupId = String(group.PK).slice('FOCUS_GROUP#'.length);
        const { Item } = await this.db.send(
          new GetCommand({
            TableName: this.table,
            Key: keys.subscriber(focusGroupId, subscriberId),
            ConsistentRead: true,
          }),
        );
        return Item ? withoutKeys<Subscriber>(Item) : undefined;
      }),
    );
    return found.filter((s): s is Subscriber => s !== undefined);
  }

  async attendanceOf(meetingId: string, registrationId: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :attendance)',
      FilterExpression: 'registrationId = :id',
      ExpressionAttributeValues: {
        ':pk': keys.meeting(meetingId).PK,
        ':attendance': 'ATTENDANCE#',
        ':id': registrationId,
      },
    });
    return items.map((item) => ({ day: String(item.day), walkIn: Boolean(item.walkIn) }));
  }

  async evaluationOf(meetingId: string, registrationId: string) {
    const [invited, answered] = await Promise.all([
      this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.evaluationInvited(meetingId, registrationId) }),
      ),
      this.db.send(new GetCommand({ TableName: this.table, Key: keys.evaluated(meetingId, registrationId) })),
    ]);
    return {
      ...(invited.Item?.invitedAt ? { invitedAt: String(invited.Item.invitedAt) } : {}),
      answered: answered.Item !== undefined,
    };
  }

  async eraseRegistration(registration: StoredRegistration, personKey: string): Promise<void> {
    const { meetingId, id } = registration;
    const deletes = [
      keys.registration(meetingId, id),
      personIndexKey(personKey, meetingId, id),
      keys.evaluationInvited(meetingId, id),
      keys.evaluated(meetingId, id),
    ].map((Key) => ({ Delete: { TableName: this.table, Key } }));
    // The address's guard goes too, but only if it still stands for this registration (after a
    // cancellation the same address may have registered again: that registration is erased on its own).
    const guardKey =
      typeof registration.email === 'string'
        ? keys.registrationEmail(meetingId, emailHash(registration.email))
        : undefined;
    const guard =
      guardKey &&
      (await this.db.send(new GetCommand({ TableName: this.table, Key: guardKey, ConsistentRead: true })))
        .Item;
    const guardDelete =
      guardKey && guard?.registrationId === id
        ? [
            {
              Delete: {
                TableName: this.table,
                Key: guardKey,
                ConditionExpression: 'registrationId = :id',
                ExpressionAttributeValues: { ':id': id },
              },
            },
          ]
        : [];
    try {
      await transactWrite(this.db, { TransactItems: [...deletes, ...guardDelete] });
    } catch (error) {
      // The guard changed hands meanwhile: it is someone else's now; delete the rest.
      if (guardDelete.length === 0 || cancellationCode(error, deletes.length) !== 'ConditionalCheckFailed')
        throw error;
      await transactWrite(this.db, { TransactItems: deletes });
    }
  }

  async eraseSubscription(subscriber: Subscriber): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.table,
        Key: keys.subscriber(subscriber.focusGroupId, subscriber.id),
      }),
    );
    // Announcement marks name the subscriber by the same hash: delete them in every meeting (a
    // few dozen a year; deleting an absent item is a no-op).
    const meetings = await this.meetingIds();
    await this.batchDelete(meetings.map((meetingId) => keys.announced(meetingId, subscriber.id)));
  }

  async forgetPerson(personKey: string): Promise<number> {
    const entries = await this.indexEntries(personKey);
    await this.batchDelete(
      entries.map((entry) => personIndexKey(personKey, entry.meetingId, entry.registrationId)),
    );
    return entries.length;
  }

  async registrationsOfMeetingsEndedBefore(day: string) {
    const meetings = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      // GSI1SK is `<last day>#<id>`: every key of a meeting that ended on `day` or later sorts after `day`.
      KeyConditionExpression: `${GSI1.partitionKey} = :pk AND ${GSI1.sortKey} < :day`,
      ExpressionAttributeValues: { ':pk': gsi1.meetings, ':day': day },
      ProjectionExpression: 'PK',
    });
    const result: Array<{ meetingId: string; registrations: StoredRegistration[] }> = [];
    for (const meeting of meetings) {
      const meetingId = String(meeting.PK).slice('MEETING#'.length);
      const items = await queryAll(this.db, {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :registration)',
        ExpressionAttributeValues: { ':pk': String(meeting.PK), ':registration': 'REGISTRATION#' },
        ConsistentRead: true,
      });
      result.push({ meetingId, registrations: items.map((item) => withoutKeys<StoredRegistration>(item)) });
    }
    return result;
  }

  async record(event: PendingEvent): Promise<void> {
    const { item } = outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() });
    if (!item.Put) throw new Error('The outbox gives a Put');
    await this.db.send(new PutCommand(item.Put));
  }

  private async indexEntries(
    personKey: string,
  ): Promise<Array<{ meetingId: string; registrationId: string }>> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `PERSON#${personKey}` },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      meetingId: String(item.meetingId),
      registrationId: String(item.registrationId),
    }));
  }

  /** Registrations found by the e-mail guard in meetings that ended recently or are still to come. */
  private async recentGuards(email: string): Promise<Array<{ meetingId: string; registrationId: string }>> {
    const from = addDays(stockholmDate(this.clock.now()), -GUARD_LOOKBACK_DAYS);
    const meetings = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: `${GSI1.partitionKey} = :pk AND ${GSI1.sortKey} >= :from`,
      ExpressionAttributeValues: { ':pk': gsi1.meetings, ':from': from },
      ProjectionExpression: 'PK',
    });
    const hash = emailHash(email);
    const guards = await Promise.all(
      meetings.map(async (meeting) => {
        const meetingId = String(meeting.PK).slice('MEETING#'.length);
        const { Item } = await this.db.send(
          new GetCommand({
            TableName: this.table,
            Key: keys.registrationEmail(meetingId, hash),
            ConsistentRead: true,
          }),
        );
        return Item ? { meetingId, registrationId: String(Item.registrationId) } : undefined;
      }),
    );
    return guards.filter((g): g is { meetingId: string; registrationId: string } => g !== undefined);
  }

  private async meetingIds(): Promise<string[]> {
    const meetings = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': gsi1.meetings },
      ProjectionExpression: 'PK',
    });
    return meetings.map((meeting) => String(meeting.PK).slice('MEETING#'.length));
  }

  private async batchDelete(itemKeys: Array<{ PK: string; SK: string }>): Promise<void> {
    for (let i = 0; i < itemKeys.length; i += BATCH) {
      let requests: Record<string, unknown>[] | undefined = itemKeys
        .slice(i, i + BATCH)
        .map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const { UnprocessedItems } = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }),
        );
        requests = UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      }
    }
  }
}
