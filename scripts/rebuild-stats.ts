/**
 * `npm run rebuild-stats -- <year>`: recomputes a year's statistics from the stored events on the
 * local cloud of `npm start` (DynamoDB Local on DYNAMODB_PORT, default 8000; table TABLE_NAME,
 * default municipal-network) and says whether the figures changed. A frozen report is not touched:
 * it stays as the year was closed.
 */
import { rebuildStatistics } from '../domain/statistics/year-report-use-cases';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { DynamoDbMeetingCalendar } from '../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbStatisticsBook } from '../functions/adapters/dynamodb-statistics-book';
import { documentClient, randomIds, systemClock } from '../functions/shared/ports';

const isLoopback = (endpoint: string) => /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint);

/**
 * Rebuilds `year` on the given table and compares the figures before and after. With a loopback
 * `endpoint` (DynamoDB Local) it uses the local cloud's fake credentials; without one, the
 * caller's AWS credentials in `region` (a deployed stage, `npm run ops -- rebuild-stats --stage`).
 */
export const rebuildOnTable = async (options: {
  endpoint?: string;
  tableName: string;
  year: number;
  region?: string;
}) => {
  if (options.endpoint && isLoopback(options.endpoint))
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  const db = documentClient({
    AWS_REGION: options.region ?? 'eu-north-1',
    ...(options.endpoint ? { DYNAMODB_ENDPOINT: options.endpoint } : {}),
  });
  const statistics = new DynamoDbStatisticsBook(db, options.tableName);
  const before = await statistics.yearFigures(options.year);
  const counted = await rebuildStatistics(
    {
      statistics,
      meetings: new DynamoDbMeetingCalendar(db, options.tableName, systemClock, randomIds),
      events: new DynamoDbEventStore(db, options.tableName),
    },
    options.year,
  );
  const after = await statistics.yearFigures(options.year);
  const canonical = (figures: typeof before) =>
    JSON.stringify({
      meetings: [...figures.meetings]
        .sort((a, b) => a.meetingId.localeCompare(b.meetingId))
        .map((m) => ({ ...m, counters: Object.fromEntries(Object.entries(m.counters).sort()) })),
      year: Object.fromEntries(Object.entries(figures.year).sort()),
    });
  return { ...counted, changed: canonical(before) !== canonical(after), before, after };
};

const isEntryPoint = process.argv[1]?.endsWith('rebuild-stats.ts');
if (isEntryPoint) {
  const year = Number(process.argv[2]);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    process.stderr.write('Usage: npm run rebuild-stats -- <year>   (e.g. 2023)\n');
    process.exit(2);
  }
  const port = Number(process.env.DYNAMODB_PORT ?? 8000);
  try {
    const result = await rebuildOnTable({
      endpoint: `http://127.0.0.1:${port}`,
      tableName: process.env.TABLE_NAME ?? 'municipal-network',
      year,
    });
    process.stdout.write(
      `${year}: ${result.meetings} meetings, ${result.events} events counted again; ` +
        `${result.changed ? 'the figures CHANGED (the running figures had drifted)' : 'the figures are unchanged'}.\n`,
    );
  } catch (error) {
    process.stderr.write(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
