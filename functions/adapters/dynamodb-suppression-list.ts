import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Why mail to an address stopped: SES reported a permanent bounce or the recipient complained. */
export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

/** What SES told us, without the address: enough to explain the entry, nothing to identify anyone. */
export interface SuppressionEntry {
  reason: SuppressionReason;
  /** SES's id of the bounce or complaint report (not personal data). */
  feedbackId: string;
  /** When SES received the feedback (ISO 8601). */
  reportedAt: string;
}

/** The addresses no mail may go to any more. Every send asks it first. */
export interface SuppressionList {
  /** The entry of the address, or undefined when mail may go to it. */
  lookUp(address: string): Promise<SuppressionEntry | undefined>;
  /** Adds the address; false when it was already on the list (the first entry stays unchanged). */
  suppress(address: string, entry: SuppressionEntry): Promise<boolean>;
  /** Takes the address off the list (an administrator, after the person asked); false when absent. */
  remove(address: string): Promise<boolean>;
}

/** Item `type` of suppression entries. */
export const SUPPRESSION_ITEM_TYPE = 'suppression';

/**
 * The table key of an address's entry: `SUPPRESSED#<HMAC>`. Named here rather than in table-design's
 * `keys` because only this adapter ever builds it (the address never appears in the table).
 */
const suppressionKey = (addressKey: string) => ({ PK: `SUPPRESSED#${addressKey}`, SK: 'SUPPRESSED' });

/**
 * Suppressed addresses as `SUPPRESSED#<key>` items, where the key is HMAC-SHA256(link-token key,
 * "suppression\n" + lower-cased address), 128 bits in base64url. Keyed for the reason given in
 * hmac-pseudonyms.ts (an unkeyed hash of an address is undone by trying addresses); the prefix keeps
 * a suppression key apart from a participant key of the same address, so that neither can be used
 * to join the suppression list to the statistics.
 */
export class DynamoDbSuppressionList implements SuppressionList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly key: () => Promise<Buffer>,
  ) {}

  /** The pseudonymous key of an address (exported for docs/email.md's removal procedure and tests). */
  async addressKey(address: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`suppression\n${address.trim().toLowerCase()}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  async lookUp(address: string): Promise<SuppressionEntry | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: suppressionKey(await this.addressKey(address)),
        // Strongly consistent: a complaint recorded a moment ago must stop the very next mail.
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      reason: Item.reason as SuppressionReason,
      feedbackId: String(Item.feedbackId),
      reportedAt: String(Item.reportedAt),
    };
  }

  async suppress(address: string, entry: SuppressionEntry): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...suppressionKey(await this.addressKey(address)),
            type: SUPPRESSION_ITEM_TYPE,
            reason: entry.reason,
            feedbackId: entry.feedbackId,
            reportedAt: entry.reportedAt,
          },
          // The same notification delivered twice (SNS and Lambda both deliver at least once), or a
          // complaint after a bounce, changes nothing: the first entry is the one that explains.
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async remove(address: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({
        TableName: this.table,
        Key: suppressionKey(await this.addressKey(address)),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}
