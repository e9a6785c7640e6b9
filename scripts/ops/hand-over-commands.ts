import { resolve } from 'node:path';
import { stringFlag } from './cli-args';
import type { Command, CommandContext } from './command';
import { OpsFailure } from './ops-errors';
import { tableClient } from './table-client';
import type { Target } from './target';

/**
 * `export` and `import`: the hand-over package of the whole network (issue 9 item 2). The work is
 * in scripts/ops/export-network.ts and import-network.ts, run in this process against the target's
 * table (there is no API route: the package holds the whole table). Loaded on use, so that their
 * code does not slow every other command's start.
 */

const tableOf = async (context: CommandContext): Promise<Target> => {
  const target = await context.target();
  if (!target.tableName)
    throw new OpsFailure(`The outputs of ${target.name} name no TableName`, 'NO_OUTPUTS');
  return target;
};

/** A PackageError (bad package, non-empty target) keeps its stable code. */
const asFailure = (error: unknown): never => {
  const coded = error as { name?: string; code?: string; message?: string };
  if (coded?.name === 'PackageError')
    throw new OpsFailure(coded.message ?? 'package refused', coded.code ?? 'PACKAGE_REFUSED', {
      cause: error,
    });
  throw error;
};

export const exportPackage: Command = {
  name: 'export',
  usage: '<out-dir>',
  summary: 'Write the hand-over package of the whole network (JSON lines per kind, events, manifest)',
  options: [
    '<out-dir> must be missing or empty. The package holds personal data: move it encrypted,',
    'delete it once imported. JSON: {outDir, bytes, itemCount, files, filesSha256}',
  ],
  flags: [],
  targeted: true,
  arity: [1, 1],
  run: async (context) => {
    const target = await tableOf(context);
    const outDir = resolve(context.args[0] as string);
    const { exportNetwork } = await import('./export-network');
    const bar = context.progress('Exporting');
    const client = tableClient(target);
    try {
      const result = await exportNetwork({
        client,
        tableName: target.tableName,
        outDir,
        onProgress: (progress) => bar.update(progress.items),
      }).catch(asFailure);
      bar.finish();
      const { manifest } = result;
      context.print(
        {
          outDir: result.outDir,
          bytes: result.bytes,
          itemCount: manifest.itemCount,
          files: manifest.files.length,
          filesSha256: manifest.filesSha256,
        },
        () =>
          `Exported ${manifest.itemCount} items in ${manifest.files.length} files (${result.bytes} bytes) to ${result.outDir}.\n` +
          `Fingerprint (give it to the importer by another channel): ${manifest.filesSha256}\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  },
};

export const importPackage: Command = {
  name: 'import',
  usage: '<package-dir>',
  summary: 'Load a hand-over package into an empty deployment (checked whole before anything is written)',
  options: [
    '--fingerprint <sha256>   the package fingerprint received from the exporter by another channel',
    'Refused (exit 1) when a checksum does not match or the target table is not empty.',
    'JSON: {items, events, itemCount, filesSha256}',
  ],
  flags: ['fingerprint'],
  targeted: true,
  arity: [1, 1],
  run: async (context) => {
    const target = await tableOf(context);
    const inDir = resolve(context.args[0] as string);
    const fingerprint = stringFlag(context.parsed, 'fingerprint');
    const { importNetwork } = await import('./import-network');
    const bar = context.progress('Importing');
    const client = tableClient(target);
    try {
      const result = await importNetwork({
        client,
        tableName: target.tableName,
        inDir,
        onProgress: (progress) => bar.update(progress.items, progress.total),
        ...(fingerprint ? { expectedFilesSha256: fingerprint } : {}),
      }).catch(asFailure);
      bar.finish();
      context.print(
        {
          items: result.items,
          events: result.events,
          itemCount: result.manifest.itemCount,
          filesSha256: result.manifest.filesSha256,
        },
        () =>
          `Imported ${result.items} items (${result.events} stored events, not published again) into ${target.tableName}.\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  },
};
