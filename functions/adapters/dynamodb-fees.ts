import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ErrorCode, RuleViolationError } from '../../domain/errors';
import type { FeeSchedule } from '../../domain/fees/fee-schedule';
import type {
  Clock,
  FeeScheduleBook,
  IdGenerator,
  PopulationRegister,
  StoredPopulation,
  YearBook,
} from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

/** The largest a year's population figures may be (DynamoDB's item limit is 400 KB = 409,600 B). */
const MAX_YEAR_FIGURES_BYTES = 400_000;

/**
 * The size DynamoDB counts for the `figures` map, by its documented rules: for each element of a
 * map its name's bytes plus 1, for each map 3 bytes, a string its UTF-8 bytes, a number 1 byte per
 * two significant digits plus 1. Rounded up a little everywhere, so that it never undercounts.
 */
const figuresSize = (figures: Record<string, StoredPopulation>): number => {
  let size = 'figures'.length + 3;
  for (const [code, figure] of Object.entries(figures)) {
    size += Buffer.byteLength(code) + 1 + 3;
    size += 'population'.length + 1 + Math.ceil(String(figure.population).length / 2) + 1;
    size += 'source'.length + 1 + Buffer.byteLength(figure.source);
  }
  return size;
};

interface PopulationItem {
  year: number;
  figures: Record<string, StoredPopulation>;
  version: number;
}

/**
 * Population figures: one item per reference year holding every municipality's figure, so a fee
 * run reads one item and an import of several years is one transaction (all or nothing).
 */
export class DynamoDbPopulationRegister implements PopulationRegister {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async figuresOf(year: number): Promise<Map<string, StoredPopulation>> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.population(year) }),
    );
    return new Map(Object.entries((Item as PopulationItem | undefined)?.figures ?? {}));
  }

  async store(
    figures: ReadonlyArray<{ code: string; year: number; population: number }>,
    source: string,
    eventFor: (changed: { years: number[]; count: number }) => PendingEvent,
  ): Promise<{ changed: number; unchanged: number }> {
    const years = [...new Set(figures.map((figure) => figure.year))].sort();
    const found: Record<string, unknown>[] = [];
    let request: Record<string, unknown>[] = years.map((year) => keys.population(year));
    // BatchGetItem may return part of the keys as unprocessed; ask again until all are read.
    while (request.length > 0) {
      const { Responses, UnprocessedKeys } = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[this.table] ?? []));
      request = (UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
    }
    const current = new Map<number, PopulationItem>(
      found.map((item) => [Number(item.year), item as unknown as PopulationItem]),
    );
    let changed = 0;
    const changedYears: number[] = [];
    const puts = [];
    for (const year of years) {
      const existing = current.get(year);
      const merged: Record<string, StoredPopulation> = { ...(existing?.figures ?? {}) };
      let yearChanged = 0;
      for (const figure of figures.filter((f) => f.year === year)) {
        // Same number = no change, whatever the source: re-importing a file changes nothing.
        if (merged[figure.code]?.population === figure.population) continue;
        merged[figure.code] = { population: figure.population, source };
        yearChanged += 1;
      }
      if (yearChanged === 0) continue;
      changed += yearChanged;
      changedYears.push(year);
      const version = (existing?.version ?? 0) + 1;
      // A year's figures are one item, and DynamoDB refuses an item over 400 KB (with a 500 to the
      // client, were it let through). Sweden's 290 municipalities take about 12 KB: only a file of
      // thousands of codes gets here.
      if (figuresSize(merged) > MAX_YEAR_FIGURES_BYTES) {
        throw new RuleViolationError(
          ErrorCode.POPULATION_TOO_LARGE,
          `The population figures of ${year} would not fit in one year's record (about ${Math.round(
            MAX_YEAR_FIGURES_BYTES / 1000,
          )} kB): ${Object.keys(merged).length} municipalities`,
        );
      }
      puts.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.population(year), type: 'population', year, figures: merged, version },
          // Optimistic lock: a concurrent import of the same year makes this one fail, not overwrite.
          ConditionExpression: existing ? 'version = :version' : 'attribute_not_exists(PK)',
          ...(existing ? { ExpressionAttributeValues: { ':version': existing.version } } : {}),
        },
      });
    }
    if (changed > 0) {
      const event = outboxPut(this.table, eventFor({ years: changedYears, count: changed }), {
        id: this.ids.newId(),
        now: this.clock.now(),
      });
      try {
        await transactWrite(this.db, { TransactItems: [...puts, event.item] });
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConflictError(
            ErrorCode.CONCURRENT_IMPORT,
            'Another population import changed the same years; try again',
            {
              cause: error,
            },
          );
        }
        throw error;
      }
    }
    return { changed, unchanged: figures.length - changed };
  }
}

/** Fee schedules, one item per fee year. */
export class DynamoDbFeeScheduleBook implements FeeScheduleBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async schedule(year: number): Promise<FeeSchedule | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.feeSchedule(year), ConsistentRead: true }),
    );
    return Item ? withoutKeys<FeeSchedule>(Item) : undefined;
  }

  async save(schedule: FeeSchedule, event: PendingEvent): Promise<void> {
    await transactWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.feeSchedule(schedule.year), type: 'fee-schedule', ...schedule },
          },
        },
        outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() }).item,
      ],
    });
  }

  /** Stores a year's wage growth (reference data for indexation). */
  async saveWageGrowth(year: number, percent: number, sourceId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.wageGrowth(year), type: 'wage-growth', year, percent, sourceId },
      }),
    );
  }

  /** The stored wage growth of a year (reference data for indexation), if any. */
  async wageGrowth(year: number): Promise<number | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.wageGrowth(year) }),
    );
    return Item ? Number(Item.percent) : undefined;
  }
}

/** Closed years: a conditional put makes closing happen once. */
export class DynamoDbYearBook implements YearBook {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async close(year: number, closedAt: string, event: PendingEvent): Promise<void> {
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.year(year), type: 'year', year, status: 'closed', closedAt },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() }).item,
        ],
      });
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') {
        throw new ConflictError(ErrorCode.YEAR_ALREADY_CLOSED, `${year} is already closed`, { cause: error });
      }
      throw error;
    }
  }

  async closedAt(year: number): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.year(year) }));
    return Item?.closedAt as string | undefined;
  }
}
