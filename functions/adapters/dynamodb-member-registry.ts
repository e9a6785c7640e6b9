import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingParty, Principal } from '../../domain/invoicing/invoice';
import type { Municipality } from '../../domain/members/municipality';
import type { Clock, IdGenerator, MemberRegistry } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbMemberDirectory } from './dynamodb-directory';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { withoutKeys } from './strip-keys';
import { GSI1, gsi1, keys } from './table-design';

/**
 * Municipalities, billing parties and principals. Lists are GSI1 queries over small partitions
 * (≤ 290 municipalities, a handful of billing parties and principals).
 */
export class DynamoDbMemberRegistry extends DynamoDbMemberDirectory implements MemberRegistry {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    super(db, table);
  }

  async municipalities(): Promise<Municipality[]> {
    return (await this.byPartition(gsi1.municipalities)).map((item) => withoutKeys<Municipality>(item));
  }

  saveMunicipality(municipality: Municipality, event: PendingEvent): Promise<void> {
    return this.putWithEvent(
      {
        ...keys.municipality(municipality.code),
        GSI1PK: gsi1.municipalities,
        GSI1SK: municipality.code,
        type: 'municipality',
        ...municipality,
      },
      event,
    );
  }

  async billingParty(id: string): Promise<BillingParty | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.billingParty(id) }),
    );
    return Item ? withoutKeys<BillingParty>(Item) : undefined;
  }

  async billingParties(): Promise<BillingParty[]> {
    return (await this.byPartition(gsi1.billingParties)).map((item) => withoutKeys<BillingParty>(item));
  }

  saveBillingParty(party: BillingParty, event: PendingEvent): Promise<void> {
    return this.putWithEvent(
      {
        ...keys.billingParty(party.id),
        GSI1PK: gsi1.billingParties,
        GSI1SK: party.id,
        type: 'billing-party',
        ...party,
      },
      event,
    );
  }

  async principals(): Promise<Principal[]> {
    return (await this.byPartition(gsi1.principals)).map((item) => withoutKeys<Principal>(item));
  }

  savePrincipal(principal: Principal, event: PendingEvent): Promise<void> {
    return this.putWithEvent(
      {
        ...keys.principal(principal.id),
        GSI1PK: gsi1.principals,
        GSI1SK: principal.validFrom,
        type: 'principal',
        ...principal,
      },
      event,
    );
  }

  private async putWithEvent(item: Record<string, unknown>, event: PendingEvent): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: item } },
          outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      }),
    );
  }

  private byPartition(partition: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    });
  }
}
