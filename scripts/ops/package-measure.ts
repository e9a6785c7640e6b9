/**
 * Measures an export in a process of its own, so that its peak memory is the export's alone:
 *
 *   node --import tsx scripts/ops/package-measure.ts export --endpoint URL --table T --out DIR [--sort-buffer-bytes N]
 *   node --import tsx scripts/ops/package-measure.ts demo --out DIR
 *
 * `export` exports an existing table (the integration test runs it for a small and a large table);
 * `demo` replays the demo year (`npm run demo`) on a DynamoDB Local of its own and exports it.
 * Prints one JSON line: items, bytes, milliseconds, peak RSS and retained heap in MiB. Run it with
 * `node --expose-gc` for the retained heap.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { freePort } from '../../local/free-port';
import { runDemo } from '../demo';
import { exportNetwork } from './export-network';

const MiB = 1024 * 1024;

const client = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/**
 * Exports and measures. Peak RSS is the kernel's account of the whole process (V8 grows its heap
 * lazily, so it includes garbage not yet collected). The retained heap is what the export really
 * holds: sampled after a full collection (`--expose-gc`) at every progress report — after each
 * Scan page, and every 1,000 items of the merge.
 */
const measure = async (endpoint: string, tableName: string, outDir: string, sortBufferBytes?: number) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  let retainedPeak = 0;
  const sample = () => {
    gc?.();
    retainedPeak = Math.max(retainedPeak, process.memoryUsage().heapUsed);
  };
  const started = performance.now();
  const result = await exportNetwork({
    client: client(endpoint),
    tableName,
    outDir,
    onProgress: sample,
    ...(sortBufferBytes === undefined ? {} : { sortBufferBytes }),
  });
  return {
    items: result.manifest.itemCount,
    files: result.manifest.files.length,
    bytes: result.bytes,
    ms: Math.round(performance.now() - started),
    // maxRSS is in KiB.
    peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
    // Without --expose-gc this is only a lower bound of the peak heap.
    retainedHeapMiB: gc ? Math.round(retainedPeak / MiB) : undefined,
  };
};

const main = async (argv: string[]) => {
  const [mode, ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) flags.set(String(rest[i]).replace(/^--/, ''), String(rest[i + 1]));
  const out = flags.get('out');
  if (!out) throw new Error('--out DIR is required');
  if (mode === 'export') {
    const endpoint = flags.get('endpoint');
    const table = flags.get('table');
    if (!endpoint || !table) throw new Error('--endpoint and --table are required');
    const buffer = flags.get('sort-buffer-bytes');
    return measure(endpoint, table, out, buffer === undefined ? undefined : Number(buffer));
  }
  if (mode === 'demo') {
    const dynamo = await startDynamoDbLocal({ port: await freePort() });
    try {
      const tableName = 'demo-year';
      const demo = await runDemo({
        port: 0,
        sesPort: 0,
        dynamoDbEndpoint: dynamo.endpoint,
        tableName,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const exported = await measure(dynamo.endpoint, tableName, out);
      return { ...exported, demoMs: demo.elapsedMs };
    } finally {
      await dynamo.stop();
    }
  }
  throw new Error('Use: export --endpoint URL --table T --out DIR | demo --out DIR');
};

main(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
