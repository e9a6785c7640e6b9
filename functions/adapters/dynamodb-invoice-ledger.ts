import { type DynamoDBDocumentClient, GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors';
import type { Invoice, InvoiceDraft, NotInvoiced } from '../../domain/invoicing/invoice';
import { ocrReference } from '../../domain/invoicing/ocr';
import type { Clock, IdGenerator, InvoiceLedger } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { GSI1, gsi1, keys, sortableNumber } from './table-design';

const GUARD = 0;
const SERIES = 1;
const INVOICE = 2;
const CREDITED = 3;
const MAX_ATTEMPTS = 25;

/**
 * The invoice series in the single table. A number is taken only by a transaction that also
 * advances the series counter from exactly the value it read, stores the invoice and its event,
 * and claims the idempotency key. Any race makes the transaction fail and the loop re-read, so
 * numbers are never skipped (nothing is taken outside a committed transaction) or repeated.
 */
export class DynamoDbInvoiceLedger implements InvoiceLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async issue(
    draft: InvoiceDraft,
    key: string,
    eventFor: (invoice: Invoice) => PendingEvent,
    options: { marksCredited?: number } = {},
  ): Promise<Invoice> {
    for (let attempt = 1; ; attempt++) {
      const existing = await this.get(keys.invoiceKey(key));
      if (existing) {
        const issued = await this.invoice(Number(existing.number));
        if (!issued)
          throw new Error(`Invoice key ${key} points at missing invoice ${String(existing.number)}`);
        return issued;
      }
      const series = await this.get(keys.invoiceSeries(draft.principal.id));
      const number = series ? Number(series.next) : draft.principal.firstInvoiceNumber;
      const invoice: Invoice = {
        ...draft,
        number,
        ocr: ocrReference(number),
        status: 'issued',
        issuedAt: this.clock.now().toISOString(),
      };
      const items: NonNullable<Parameters<typeof transactWrite>[1]['TransactItems']> = [
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.invoiceKey(key), type: 'invoice-key', number },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.invoiceSeries(draft.principal.id), type: 'invoice-series', next: number + 1 },
            ConditionExpression: series ? '#next = :expected' : 'attribute_not_exists(PK)',
            ...(series
              ? {
                  ExpressionAttributeNames: { '#next': 'next' },
                  ExpressionAttributeValues: { ':expected': number },
                }
              : {}),
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.invoice(number),
              GSI1PK: gsi1.invoicesOfFeeYear(invoice.feeYear),
              GSI1SK: sortableNumber(number),
              type: 'invoice',
              ...invoice,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ];
      if (options.marksCredited !== undefined) {
        items.push({
          Update: {
            TableName: this.table,
            Key: keys.invoice(options.marksCredited),
            UpdateExpression: 'SET #status = :credited',
            ConditionExpression: '#status = :issued',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':credited': 'credited', ':issued': 'issued' },
          },
        });
      }
      items.push(
        outboxPut(this.table, eventFor(invoice), { id: this.ids.newId(), now: this.clock.now() }).item,
      );
      try {
        await transactWrite(this.db, { TransactItems: items });
        return invoice;
      } catch (error) {
        const failed = (index: number) => cancellationCode(error, index) === 'ConditionalCheckFailed';
        if (failed(CREDITED) && options.marksCredited !== undefined) {
          throw new ConflictError(
            'INVOICE_ALREADY_CREDITED',
            `Invoice ${options.marksCredited} is already credited`,
            {
              cause: error,
            },
          );
        }
        if (failed(INVOICE) && !failed(SERIES) && !failed(GUARD)) {
          throw new ConflictError(
            'INVOICE_NUMBER_TAKEN',
            `Invoice number ${number} exists already: the principal's series overlaps another series`,
            { cause: error },
          );
        }
        // Someone issued the same key or took this number first: read again and retry.
        if ((failed(GUARD) || failed(SERIES)) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async invoice(number: number): Promise<Invoice | undefined> {
    const item = await this.get(keys.invoice(number));
    return item ? withoutKeys<Invoice>(item) : undefined;
  }

  async invoicesOfFeeYear(feeYear: number): Promise<Invoice[]> {
    return (
      await this.query({
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.invoicesOfFeeYear(feeYear) },
      })
    ).map((item) => withoutKeys<Invoice>(item));
  }

  async recordNotInvoiced(
    feeYear: number,
    members: readonly NotInvoiced[],
    eventFor: (member: NotInvoiced) => PendingEvent,
  ): Promise<void> {
    for (const member of members) {
      try {
        await transactWrite(this.db, {
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.notInvoiced(feeYear, member.municipalityCode),
                  type: 'not-invoiced',
                  feeYear,
                  ...member,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            outboxPut(this.table, eventFor(member), { id: this.ids.newId(), now: this.clock.now() }).item,
          ],
        });
      } catch (error) {
        // Recorded by an earlier delivery of the same run: nothing to add.
        if (cancellationCode(error, 0) !== 'ConditionalCheckFailed') throw error;
      }
    }
  }

  async notInvoiced(feeYear: number): Promise<NotInvoiced[]> {
    return (
      await this.query({
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.notInvoiced(feeYear, '').PK },
      })
    ).map((item) => ({
      municipalityCode: String(item.municipalityCode),
      reason: item.reason as NotInvoiced['reason'],
    }));
  }

  private async get(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  private query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, { ...input, TableName: this.table });
  }
}
