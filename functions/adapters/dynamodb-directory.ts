import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FocusGroup } from '../../domain/meetings/focus-group';
import type { Municipality } from '../../domain/members/municipality';
import type { Clock, FocusGroupRegistry, IdGenerator, MemberDirectory } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { GSI1, gsi1, keys } from './table-design';

/** Municipalities and their membership periods: `MUNICIPALITY#<code>`, listed through GSI1. */
export class DynamoDbMemberDirectory implements MemberDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async municipality(code: string): Promise<Municipality | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.municipality(code) }),
    );
    return Item ? withoutKeys<Municipality>({ memberships: [], ...Item }) : undefined;
  }

  /** Stores or replaces a municipality (seeding; the admin API arrives with the fee issue). */
  async save(municipality: Municipality): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.municipality(municipality.code),
          GSI1PK: gsi1.municipalities,
          GSI1SK: municipality.code,
          type: 'municipality',
          ...municipality,
        },
      }),
    );
  }
}

/** Focus groups: `FOCUS_GROUP#<id>`, listed through GSI1 `FOCUS_GROUPS` (a handful of items). */
export class DynamoDbFocusGroupCatalogue implements FocusGroupRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => new Date() },
    private readonly ids: IdGenerator = { newId: () => randomUUID() },
  ) {}

  async focusGroup(id: string): Promise<FocusGroup | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.focusGroup(id) }),
    );
    return Item ? toFocusGroup(Item) : undefined;
  }

  async focusGroups(): Promise<FocusGroup[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.focusGroups },
      }),
    );
    return (Items ?? []).map(toFocusGroup);
  }

  async saveWithEvent(group: FocusGroup, event: PendingEvent): Promise<void> {
    await transactWrite(this.client, {
      TransactItems: [
        { Put: { TableName: this.tableName, Item: focusGroupItem(group) } },
        outboxPut(this.tableName, event, { id: this.ids.newId(), now: this.clock.now() }).item,
      ],
    });
  }

  async save(group: FocusGroup): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.focusGroup(group.id),
          GSI1PK: gsi1.focusGroups,
          GSI1SK: group.id,
          type: 'focus-group',
          ...group,
        },
      }),
    );
  }
}

const toFocusGroup = (item: Record<string, unknown>): FocusGroup => ({
  id: item.id as string,
  name: item.name as FocusGroup['name'],
  ...(item.retired ? { retired: true } : {}),
});

const focusGroupItem = (group: FocusGroup) => ({
  ...keys.focusGroup(group.id),
  GSI1PK: gsi1.focusGroups,
  GSI1SK: group.id,
  type: 'focus-group',
  ...group,
});
