import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { build, type Metafile } from 'esbuild';
import { BUNDLING, type FunctionEntry, functionEntries } from '../../../../bench/cold-start';
import { type Subscription, subscriptions } from '../../../../functions/subscriptions';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

const repoRoot = resolve(import.meta.dirname, '../../../..');

interface Bundle {
  entry: FunctionEntry;
  inputs: string[];
  staticExternals: string[];
}

/**
 * Issue 8, item 5: each function's bundle holds only the adapters and SDK clients it uses
 * (functions/shared/per-container.ts). Bundled as CDK bundles them (bench/cold-start.ts BUNDLING),
 * without writing, and read from esbuild's metafile.
 */
describe('what each function bundle holds', () => {
  let bundles: Bundle[];
  beforeAll(async () => {
    const entries = functionEntries();
    const { metafile } = await build({
      absWorkingDir: repoRoot,
      entryPoints: entries.map((entry) => ({
        in: join(repoRoot, entry.entry),
        out: `${entry.kind}/${entry.name}`,
      })),
      outdir: join(repoRoot, 'cdk.out', 'handler-wiring-test'),
      bundle: true,
      write: false,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      minify: BUNDLING.minify,
      external: [...BUNDLING.external],
      mainFields: [...BUNDLING.mainFields],
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.entries(metafile.outputs) as Array<[string, Metafile['outputs'][string]]>;
    bundles = entries.map((entry) => {
      const output = outputs.find(([path]) => path.endsWith(`/${entry.kind}/${entry.name}.js`))?.[1];
      if (!output) throw new Error(`esbuild made no bundle of ${entry.name}`);
      return {
        entry,
        inputs: Object.keys(output.inputs),
        staticExternals: output.imports
          .filter((i) => i.external && i.kind !== 'dynamic-import')
          .map((i) => i.path),
      };
    });
  }, 180_000);

  const holding = (predicate: (bundle: Bundle) => boolean) =>
    bundles
      .filter(predicate)
      .map((b) => b.entry.name)
      .sort();

  it('bundles every function the CDK app deploys', () => {
    expect(bundles.length).toBeGreaterThan(60);
  });

  it('never includes the all-ports wiring of scripts and tests', () => {
    expect(
      holding((b) => b.inputs.some((input) => /functions\/shared\/(privacy-)?ports\.ts$/.test(input))),
    ).toEqual([]);
  });

  it('includes the PDF renderer (pdf-lib) only in the consumers that mail invoices', () => {
    expect(holding((b) => b.inputs.some((input) => input.includes('node_modules/pdf-lib/')))).toEqual([
      'resend-invoice',
      'send-invoice',
    ]);
  });

  it('loads Secrets Manager only on first use, never at init', () => {
    expect(holding((b) => b.staticExternals.includes('@aws-sdk/client-secrets-manager'))).toEqual([]);
  });

  it('imports the scheduler client only in the consumers the CDK app gives timer settings', () => {
    const withTimers = consumerRows
      .filter((row) => row.usesScheduler)
      .map((row) => row.consumer)
      .sort();
    expect(holding((b) => b.staticExternals.includes('@aws-sdk/client-scheduler'))).toEqual(withTimers);
  });

  it('imports the SES client only in functions that send mail', () => {
    const mailing = holding((b) =>
      b.inputs.some((input) => /functions\/adapters\/ses-(raw-)?mailer\.ts$/.test(input)),
    );
    expect(holding((b) => b.staticExternals.includes('@aws-sdk/client-sesv2'))).toEqual(mailing);
    expect(mailing.length).toBeGreaterThan(0);
    expect(mailing).not.toContain('get-meetings');
  });
});
