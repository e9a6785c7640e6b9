import { rebuildOnTable } from '../rebuild-stats';
import { YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import { OpsFailure } from './ops-errors';

/**
 * Recomputes a year's statistics from the stored events, in this process, against the target's
 * table (the same code as `npm run rebuild-stats`): there is no API route for it, and it needs
 * only DynamoDB (the caller's credentials on a stage).
 */
export const rebuildStats: Command = {
  name: 'rebuild-stats',
  usage: '<year>',
  summary: 'Recompute a year’s statistics from the stored events (a frozen report is not touched)',
  options: ['--year <year>        the same as <year>'],
  flags: [...YEAR_FLAGS],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, target, print, progress }) => {
    const year = yearOf({ args, parsed });
    const where = await target();
    if (!where.tableName)
      throw new OpsFailure(`The outputs of ${where.name} name no TableName`, 'NO_OUTPUTS');
    const bar = progress(`Rebuilding ${year}`);
    bar.update(0, 1);
    let result: Awaited<ReturnType<typeof rebuildOnTable>>;
    try {
      result = await rebuildOnTable({
        tableName: where.tableName,
        year,
        region: where.region,
        ...(where.dynamoDbEndpoint ? { endpoint: where.dynamoDbEndpoint } : {}),
      });
    } catch (error) {
      throw new OpsFailure(`Rebuild failed: ${(error as Error).message}`, 'REBUILD_FAILED', { cause: error });
    }
    bar.update(1, 1);
    bar.finish();
    print(
      { year, meetings: result.meetings, events: result.events, changed: result.changed },
      () =>
        `${year}: ${result.meetings} meetings, ${result.events} events counted again; ` +
        `${result.changed ? 'the figures CHANGED (the running figures had drifted)' : 'the figures are unchanged'}.\n`,
    );
    return 0;
  },
};
