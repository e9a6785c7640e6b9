/**
 * Issue 8, item 5 — Lambda cold start. Every function is bundled exactly as
 * infra/network-function.ts has CDK bundle it (esbuild, minified ESM for node24, AWS SDK external,
 * the createRequire banner, external source maps without sources), then each bundle is imported in
 * fresh node processes, round-robin with an empty handler bundled the same way.
 *
 * Two timings per process, both from the child's own clock:
 * - `importMs`: `import()` of the bundle until it resolves (module initialisation; what the brief
 *   calls init time). The empty handler's is well under a millisecond, so this ratio is against
 *   almost nothing: read the milliseconds it adds too.
 * - `readyMs`: process start (`performance.timeOrigin`) until the handler is ready: node's own
 *   bootstrap plus the import. Closer to what a cold start costs, since the runtime's start is paid
 *   by the empty handler too.
 * The child runs with `--enable-source-maps`, as the functions' NODE_OPTIONS has it in AWS.
 *
 * A second reference, the SDK floor: per function, a handler that imports exactly the `@aws-sdk/*`
 * packages its bundle imports statically (from the esbuild metafile; a dynamic `import()` costs
 * nothing at init), bundled and measured the same way in the same rounds. The runtime's SDK is
 * the part of init no bundling of ours can remove, so `initOverSdkFloorRatio` says what our own
 * code adds on top of it. Functions with the same set of packages share one floor handler.
 */
import { execFile } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { routes } from '../functions/http/routes';
import { subscriptions } from '../functions/subscriptions';
import { median, ratio, round } from './harness';

const run = promisify(execFile);

/** infra/network-function.ts: ESBUILD_TARGET and the bundling block of the NodejsFunction. */
export const BUNDLING = {
  target: 'node24',
  format: 'esm',
  minify: true,
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

/** Issue 8: at most 150 KB per minified bundle. */
export const GOAL_BYTES = 150 * 1024;

const repoRoot = resolve(import.meta.dirname, '..');

export interface FunctionEntry {
  kind: 'http' | 'consumer' | 'scheduled' | 'ses-feedback' | 'pipe';
  name: string;
  /** Relative to the repository root, as the route or consumer definition names it. */
  entry: string;
}

/** Files of a folder that export a `handler` (the others are helpers of the handlers). */
const handlerFiles = (folder: string): string[] =>
  readdirSync(join(repoRoot, folder))
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => /export const handler\b/.test(readFileSync(join(repoRoot, folder, file), 'utf8')))
    .map((file) => `${folder}/${file}`)
    .sort();

/** Every function the CDK app deploys: the routes, the consumers, the scheduled job, the SES feedback. */
export const functionEntries = (): FunctionEntry[] => [
  ...routes.map((route) => ({ kind: 'http' as const, name: route.name, entry: route.entry })),
  ...subscriptions.map(({ consumer, entry }) => ({
    kind: 'consumer' as const,
    name: consumer,
    entry,
  })),
  ...handlerFiles('functions/pipe').map((entry) => ({
    kind: 'pipe' as const,
    name: basename(entry, '.ts'),
    entry,
  })),
  ...handlerFiles('functions/scheduled').map((entry) => ({
    kind: 'scheduled' as const,
    name: basename(entry, '.ts'),
    entry,
  })),
  ...handlerFiles('functions/ses-feedback').map((entry) => ({
    kind: 'ses-feedback' as const,
    name: basename(entry, '.ts'),
    entry,
  })),
];

export interface InputShare {
  /** An npm package, or a top folder of our own code (`domain`, `functions`, `events`). */
  input: string;
  bytes: number;
}

export interface FunctionColdStart extends FunctionEntry {
  bytes: number;
  withinGoal: boolean;
  importMs: number;
  emptyImportMs: number;
  initRatio: number;
  readyMs: number;
  emptyReadyMs: number;
  readyRatio: number;
  /** The `@aws-sdk/*` packages the bundle imports statically (its SDK floor imports the same). */
  sdkFloorPackages: string[];
  /** `import()` of the SDK floor handler: the init no bundling can remove. */
  sdkFloorImportMs: number;
  /** `importMs` over `sdkFloorImportMs`: what the function adds to the SDK it needs. */
  initOverSdkFloorRatio: number;
  /** External modules the bundle loads with `import()` on first use rather than at init. */
  dynamicImports: string[];
  /** What the bundle is made of, by package, largest first (esbuild metafile, bytes in output). */
  topInputs: InputShare[];
}

/** One module of the largest bundle, imported alone the same way: where its init time goes. */
export interface ModuleProbe {
  module: string;
  /** External modules come from the runtime (the AWS SDK); the others are bundled. */
  external: boolean;
  bytes: number;
  importMs: number;
  emptyImportMs: number;
  initRatio: number;
}

export interface ColdStartResult {
  runsPerBundle: number;
  nodeFlags: string[];
  bundling: typeof BUNDLING;
  goalBytes: number;
  emptyHandler: { bytes: number; importMs: number; readyMs: number };
  functions: FunctionColdStart[];
  /** The largest bundle's external imports and its largest bundled packages, each alone. */
  probes: { of: string; modules: ModuleProbe[] };
  summary: {
    functions: number;
    overGoal: number;
    largestBytes: number;
    medianBytes: number;
    medianImportMs: number;
    emptyImportMs: number;
    medianInitRatio: number;
    maxInitRatio: number;
    medianReadyMs: number;
    emptyReadyMs: number;
    medianReadyRatio: number;
    maxReadyRatio: number;
    medianSdkFloorImportMs: number;
    medianInitOverSdkFloorRatio: number;
    maxInitOverSdkFloorRatio: number;
  };
}

/** The package an input file belongs to (the innermost node_modules), or our own top folder. */
const groupOf = (input: string): string => {
  const packages = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  const last = packages[packages.length - 1];
  if (last?.[1]) return last[1];
  return input.split('/')[0] ?? input;
};

const topInputs = (output: Metafile['outputs'][string], count = 6): InputShare[] => {
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groupOf(input);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  return [...groups.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
};

/** External `@aws-sdk/*` packages of a bundle, sorted: those imported statically, or with `import()`. */
const sdkImports = (output: Metafile['outputs'][string], kind: 'static' | 'dynamic'): string[] =>
  [
    ...new Set(
      output.imports
        .filter((i) => i.external && i.path.startsWith('@aws-sdk/'))
        .filter((i) => (i.kind === 'dynamic-import') === (kind === 'dynamic'))
        .map((i) => i.path),
    ),
  ].sort();

const NODE_FLAGS = ['--enable-source-maps'];

/** Runs in the fresh process: imports the bundle, checks the export, reports its own timings. */
const CHILD = `
const started = performance.now();
const module = await import(process.argv[1]);
const importMs = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ importMs, readyMs: performance.now() }));
`;

/** What the CDK app sets on every function, with harmless values: some modules read config at load. */
const childEnvironment = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  TABLE_NAME: 'bench',
  MAIL_FROM: 'Kommunnätverket <noreply@network.local>',
  SITE_URL: 'https://network.invalid',
  AWS_REGION: 'eu-north-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'silent',
});

const measureOnce = async (bundle: string): Promise<{ importMs: number; readyMs: number }> => {
  const { stdout } = await run(
    process.execPath,
    [...NODE_FLAGS, '--input-type=module', '-e', CHILD, pathToFileURL(bundle).href],
    { env: childEnvironment(), timeout: 60_000 },
  );
  return JSON.parse(stdout) as { importMs: number; readyMs: number };
};

export const measureColdStart = async (options: {
  runs: number;
  log: (line: string) => void;
}): Promise<ColdStartResult> => {
  const entries = functionEntries();
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
  try {
    // Lambda resolves `@aws-sdk/*` from its runtime; here the project's own copy stands in.
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const emptyEntry = join(dir, 'empty-handler.ts');
    writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
    const outdir = join(dir, 'out');
    const bundle = (entryPoints: Array<{ in: string; out: string }>) =>
      build({
        absWorkingDir: repoRoot,
        entryPoints,
        outdir,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: BUNDLING.format,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourcemap: true,
        sourcesContent: false,
        external: [...BUNDLING.external],
        mainFields: [...BUNDLING.mainFields],
        banner: { js: BUNDLING.banner },
        metafile: true,
        logLevel: 'warning',
      });
    const started = Date.now();
    const { metafile } = await bundle([
      { in: emptyEntry, out: 'empty-handler' },
      ...entries.map((entry) => ({ in: join(repoRoot, entry.entry), out: `${entry.kind}/${entry.name}` })),
    ]);
    log(options, `bundled ${entries.length + 1} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const outputOf = (out: string, meta: Metafile = metafile) => {
      const file = join(outdir, `${out}.mjs`);
      const output = Object.entries(meta.outputs).find(([path]) => resolve(repoRoot, path) === file)?.[1];
      if (!output) throw new Error(`esbuild wrote no ${file}`);
      return { file, bytes: statSync(file).size, meta: output };
    };
    const empty = outputOf('empty-handler');
    const bundles = entries.map((entry) => ({ entry, ...outputOf(`${entry.kind}/${entry.name}`) }));

    // Probes: each external import of the largest bundle, and its three largest bundled packages,
    // imported alone by an otherwise empty handler (a namespace import keeps all of it).
    const largest = [...bundles].sort((a, b) => b.bytes - a.bytes)[0];
    if (!largest) throw new Error('no functions to measure');
    const externals = [
      ...new Set(
        largest.meta.imports
          .filter((i) => i.external && !i.path.startsWith('node:') && i.kind !== 'dynamic-import')
          .map((i) => i.path),
      ),
    ];
    const bundled = topInputs(largest.meta, 10)
      .map((share) => share.input)
      .filter((input) => input.startsWith('@') || !/^(domain|events|functions|infra|local)$/.test(input))
      .slice(0, 3);
    const probeModules = [
      ...externals.map((module) => ({ module, external: true })),
      ...bundled.map((module) => ({ module, external: false })),
    ];
    const probeEntries = probeModules.map((probe, i) => {
      const file = join(dir, `probe-${i}.ts`);
      writeFileSync(
        file,
        `import * as probed from '${probe.module}';\nexport const handler = async () => Object.keys(probed).length;\n`,
      );
      return { in: file, out: `probe-${i}` };
    });
    const probeMeta = (await bundle(probeEntries)).metafile;
    const probes = probeModules.map((probe, i) => ({ ...probe, ...outputOf(`probe-${i}`, probeMeta) }));

    // SDK floors: one handler per distinct set of statically imported SDK packages.
    const floorKey = (packages: string[]) => packages.join(' ');
    const floorSets = [
      ...new Map(
        bundles
          .map(({ meta }) => sdkImports(meta, 'static'))
          .filter((packages) => packages.length > 0)
          .map((packages) => [floorKey(packages), packages] as const),
      ).values(),
    ];
    const floorEntries = floorSets.map((packages, i) => {
      const file = join(dir, `sdk-floor-${i}.ts`);
      writeFileSync(
        file,
        `${packages.map((module, j) => `import * as sdk${j} from '${module}';`).join('\n')}\n` +
          `export const handler = async () => [${packages.map((_, j) => `sdk${j}`).join(', ')}].length;\n`,
      );
      return { in: file, out: `sdk-floor-${i}` };
    });
    const floorMeta = floorEntries.length > 0 ? (await bundle(floorEntries)).metafile : undefined;
    const floorFiles = new Map(
      floorSets.map((packages, i) => [floorKey(packages), outputOf(`sdk-floor-${i}`, floorMeta).file]),
    );

    // Round-robin, so that drift in the machine's load spreads over all bundles alike; the first
    // round only warms the file cache.
    const samples = new Map<string, Array<{ importMs: number; readyMs: number }>>();
    const files = [
      empty.file,
      ...bundles.map((b) => b.file),
      ...floorFiles.values(),
      ...probes.map((probe) => probe.file),
    ];
    for (let round = 0; round <= options.runs; round++) {
      const roundStarted = Date.now();
      for (const file of files) {
        const sample = await measureOnce(file);
        if (round === 0) continue;
        samples.set(file, [...(samples.get(file) ?? []), sample]);
      }
      log(
        options,
        `${round === 0 ? 'warm-up round' : `round ${round}/${options.runs}`}: ${files.length} processes in ${((Date.now() - roundStarted) / 1000).toFixed(1)} s`,
      );
    }
    const medians = (file: string) => {
      const taken = samples.get(file) ?? [];
      return {
        importMs: median(taken.map((s) => s.importMs)),
        readyMs: median(taken.map((s) => s.readyMs)),
      };
    };
    const emptyTimes = medians(empty.file);
    const functions: FunctionColdStart[] = bundles.map(({ entry, file, bytes, meta }) => {
      const times = medians(file);
      const sdkFloorPackages = sdkImports(meta, 'static');
      // A function that imports no SDK package has the empty handler as its floor.
      const floor = medians(floorFiles.get(floorKey(sdkFloorPackages)) ?? empty.file);
      return {
        ...entry,
        bytes,
        withinGoal: bytes <= GOAL_BYTES,
        importMs: round(times.importMs),
        emptyImportMs: round(emptyTimes.importMs),
        initRatio: ratio(times.importMs, emptyTimes.importMs),
        readyMs: round(times.readyMs),
        emptyReadyMs: round(emptyTimes.readyMs),
        readyRatio: ratio(times.readyMs, emptyTimes.readyMs),
        sdkFloorPackages,
        sdkFloorImportMs: round(floor.importMs),
        initOverSdkFloorRatio: ratio(times.importMs, floor.importMs),
        dynamicImports: sdkImports(meta, 'dynamic'),
        topInputs: topInputs(meta),
      };
    });
    functions.sort((a, b) => b.bytes - a.bytes);
    return {
      runsPerBundle: options.runs,
      nodeFlags: NODE_FLAGS,
      bundling: BUNDLING,
      goalBytes: GOAL_BYTES,
      emptyHandler: {
        bytes: empty.bytes,
        importMs: round(emptyTimes.importMs),
        readyMs: round(emptyTimes.readyMs),
      },
      functions,
      probes: {
        of: largest.entry.name,
        modules: probes.map(({ module, external, file, bytes }) => {
          const times = medians(file);
          return {
            module,
            external,
            bytes,
            importMs: round(times.importMs),
            emptyImportMs: round(emptyTimes.importMs),
            initRatio: ratio(times.importMs, emptyTimes.importMs),
          };
        }),
      },
      summary: {
        functions: functions.length,
        overGoal: functions.filter((f) => !f.withinGoal).length,
        largestBytes: functions[0]?.bytes ?? 0,
        medianBytes: median(functions.map((f) => f.bytes)),
        medianImportMs: round(median(functions.map((f) => f.importMs))),
        emptyImportMs: round(emptyTimes.importMs),
        medianInitRatio: round(median(functions.map((f) => f.initRatio))),
        maxInitRatio: Math.max(...functions.map((f) => f.initRatio)),
        medianReadyMs: round(median(functions.map((f) => f.readyMs))),
        emptyReadyMs: round(emptyTimes.readyMs),
        medianReadyRatio: round(median(functions.map((f) => f.readyRatio))),
        maxReadyRatio: Math.max(...functions.map((f) => f.readyRatio)),
        medianSdkFloorImportMs: round(median(functions.map((f) => f.sdkFloorImportMs))),
        medianInitOverSdkFloorRatio: round(median(functions.map((f) => f.initOverSdkFloorRatio))),
        maxInitOverSdkFloorRatio: Math.max(...functions.map((f) => f.initOverSdkFloorRatio)),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const log = (options: { log: (line: string) => void }, line: string) => options.log(`cold start: ${line}`);
