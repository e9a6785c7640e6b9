import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, ErrorCode } from '../../domain/errors';
import type { Invoice, InvoiceDraft, NotInvoiced } from '../../domain/invoicing/invoice';
import { ocrReference } from '../../domain/invoicing/ocr';
import type { Clock, IdGenerator, InvoiceLedger } from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { cancellationCode, conflictBackoff, isTransactionConflict, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { GSI1, gsi1, keys, sortableNumber } from './table-design';

const GUARD = 0;
const SERIES = 1;
const INVOICE = 2;
const CREDITED = 3;
const MAX_ATTEMPTS = 25;
/** Invoices per transaction of a run: 1 series item + 3 items each stays within DynamoDB's 100. */
const RUN_BATCH = 33;

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
            ErrorCode.INVOICE_ALREADY_CREDITED,
            `Invoice ${options.marksCredited} is already credited`,
            {
              cause: error,
            },
          );
        }
        if (failed(INVOICE) && !failed(SERIES) && !failed(GUARD)) {
          throw new ConflictError(
            ErrorCode.INVOICE_NUMBER_TAKEN,
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

  /**
   * A run in batches of up to RUN_BATCH invoices per transaction: the series advanced by the
   * batch's size from exactly the value expected, and each invoice with its key guard and event.
   * The keys issued before are looked up first (BatchGetItem), so a redelivered run issues only
   * what is missing; a batch refused because another writer got in (the series moved, a key was
   * taken meanwhile) is read again and retried, so the numbers stay consecutive and each key is
   * issued once. One round trip per batch where `issue` takes three per invoice: 10,000 invoices
   * are about 300 transactions.
   */
  async issueRun(
    run: readonly { draft: InvoiceDraft; key: string }[],
    eventFor: (invoice: Invoice) => PendingEvent,
  ): Promise<Invoice[]> {
    const issued = new Map<string, Invoice>();
    const byPrincipal = new Map<string, { draft: InvoiceDraft; key: string }[]>();
    for (const entry of run) {
      const list = byPrincipal.get(entry.draft.principal.id) ?? [];
      list.push(entry);
      byPrincipal.set(entry.draft.principal.id, list);
    }
    for (const entries of byPrincipal.values()) {
      let pending = await this.withoutIssued(entries, issued);
      let next: number | undefined;
      for (let attempt = 1; pending.length > 0; ) {
        const batch = pending.slice(0, RUN_BATCH);
        const principal = (batch[0] as (typeof batch)[number]).draft.principal;
        if (next === undefined) {
          const series = await this.get(keys.invoiceSeries(principal.id));
          next = series ? Number(series.next) : undefined;
        }
        const first = next ?? principal.firstInvoiceNumber;
        const issuedAt = this.clock.now().toISOString();
        const invoices = batch.map(
          ({ draft }, i): Invoice => ({
            ...draft,
            number: first + i,
            ocr: ocrReference(first + i),
            status: 'issued',
            issuedAt,
          }),
        );
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.table,
                    Item: {
                      ...keys.invoiceSeries(principal.id),
                      type: 'invoice-series',
                      next: first + batch.length,
                    },
                    ConditionExpression:
                      next === undefined ? 'attribute_not_exists(PK)' : '#next = :expected',
                    ...(next === undefined
                      ? {}
                      : {
                          ExpressionAttributeNames: { '#next': 'next' },
                          ExpressionAttributeValues: { ':expected': next },
                        }),
                  },
                },
                ...batch.flatMap(({ key }, i) => {
                  const invoice = invoices[i] as Invoice;
                  return [
                    {
                      Put: {
                        TableName: this.table,
                        Item: { ...keys.invoiceKey(key), type: 'invoice-key', number: invoice.number },
                        ConditionExpression: 'attribute_not_exists(PK)',
                      },
                    },
                    {
                      Put: {
                        TableName: this.table,
                        Item: {
                          ...keys.invoice(invoice.number),
                          GSI1PK: gsi1.invoicesOfFeeYear(invoice.feeYear),
                          GSI1SK: sortableNumber(invoice.number),
                          type: 'invoice',
                          ...invoice,
                        },
                        ConditionExpression: 'attribute_not_exists(PK)',
                      },
                    },
                    outboxPut(this.table, eventFor(invoice), { id: this.ids.newId(), now: this.clock.now() })
                      .item,
                  ];
                }),
              ],
            }),
          );
        } catch (error) {
          const lostRace =
            isTransactionConflict(error) ||
            (error instanceof TransactionCanceledException &&
              (error.CancellationReasons ?? []).some(
                (reason, index) => reason.Code === 'ConditionalCheckFailed' && index % 3 !== 2,
              ));
          if (!lostRace || attempt >= MAX_ATTEMPTS) {
            if (error instanceof TransactionCanceledException) {
              const taken = (error.CancellationReasons ?? []).findIndex(
                (reason, index) => reason.Code === 'ConditionalCheckFailed' && index > 0 && index % 3 === 2,
              );
              if (taken > 0) {
                const number = first + (taken - 2) / 3;
                throw new ConflictError(
                  ErrorCode.INVOICE_NUMBER_TAKEN,
                  `Invoice number ${number} exists already: the principal's series overlaps another series`,
                  { cause: error },
                );
              }
            }
            throw error;
          }
          // Another writer moved the series or issued one of these keys: read both again.
          attempt += 1;
          await conflictBackoff(attempt);
          next = undefined;
          pending = await this.withoutIssued(pending, issued);
          continue;
        }
        for (const [i, { key }] of batch.entries()) issued.set(key, invoices[i] as Invoice);
        next = first + batch.length;
        pending = pending.slice(batch.length);
      }
    }
    return run.map(({ key }) => issued.get(key) as Invoice);
  }

  /** The entries whose key has no invoice yet; those issued before are added to `issued`. */
  private async withoutIssued(
    entries: readonly { draft: InvoiceDraft; key: string }[],
    issued: Map<string, Invoice>,
  ): Promise<{ draft: InvoiceDraft; key: string }[]> {
    const numbers = new Map<string, number>();
    for (let i = 0; i < entries.length; i += 100) {
      const keysWanted = entries.slice(i, i + 100).map(({ key }) => keys.invoiceKey(key));
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined =
        {
          [this.table]: { Keys: keysWanted, ConsistentRead: true },
        };
      while (request && Object.keys(request).length > 0) {
        const answer: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of answer.Responses?.[this.table] ?? []) {
          numbers.set(String(item.PK), Number(item.number));
        }
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    const pending: { draft: InvoiceDraft; key: string }[] = [];
    for (const entry of entries) {
      const number = numbers.get(keys.invoiceKey(entry.key).PK);
      if (number === undefined) {
        pending.push(entry);
        continue;
      }
      const invoice = await this.invoice(number);
      if (!invoice) throw new Error(`Invoice key ${entry.key} points at missing invoice ${number}`);
      issued.set(entry.key, invoice);
    }
    return pending;
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
