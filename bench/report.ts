/**
 * Writes a benchmark run: the whole result as `bench/results/<date>.json` (`<date>-quick.json` for
 * `--quick`, so that a short run never overwrites a full one) and the summary table in
 * docs/performance.md between its markers (the prose around them is written by hand).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type BurstResult, burstRows } from './burst';
import { type CapacityResult, capacityRows } from './capacity';
import type { ColdStartResult } from './cold-start';
import { kb, ms, times } from './harness';
import { type PipelineLagResult, pipelineLagRows } from './pipeline-lag';
import type { RegistrationLatencyResult } from './registration-latency';
import { type YearCloseResult, yearCloseRows } from './year-close-scale';
import { type YearReportScaleResult, yearReportRows } from './year-report-scale';

const repoRoot = resolve(import.meta.dirname, '..');
export const START_MARKER = '<!-- bench:results:start -->';
export const END_MARKER = '<!-- bench:results:end -->';

export interface BenchRun {
  date: string;
  mode: 'quick' | 'full';
  machine: { nproc: number; cpu: string; memoryGiB: number; node: string; platform: string };
  durationS: number;
  registrationLatency?: RegistrationLatencyResult;
  burst?: BurstResult;
  yearClose?: YearCloseResult;
  pipelineLag?: PipelineLagResult;
  coldStart?: ColdStartResult;
  capacity?: CapacityResult;
  yearReport?: YearReportScaleResult;
  /** Measurements taken again later by a partial run (`--only`) and merged in. */
  reruns?: Array<{ date: string; measurements: string[]; durationS: number }>;
}

const MEASUREMENT_KEYS = [
  'registrationLatency',
  'burst',
  'yearClose',
  'pipelineLag',
  'coldStart',
  'capacity',
  'yearReport',
] as const satisfies ReadonlyArray<keyof BenchRun>;

/** The generated part of docs/performance.md: one row per figure, then the largest bundles. */
export const summaryTable = (run: BenchRun, resultFile: string): string => {
  const lines = [
    `Last run: ${run.date.slice(0, 10)}, \`${run.mode === 'quick' ? 'npm run bench -- --quick' : 'npm run bench'}\`, ` +
      `${run.machine.nproc} cores (${run.machine.cpu}), Node ${run.machine.node}, ${run.durationS} s; ` +
      `all figures in [${resultFile}](../${resultFile}).` +
      (run.reruns?.length
        ? ` Measured again later (\`--only\`): ${run.reruns
            .map((rerun) => `${rerun.measurements.join(', ')} at ${rerun.date.slice(11, 16)} UTC`)
            .join('; ')}.`
        : ''),
    '',
    '| # | figure | measured | reference (same run) | ratio | goal |',
    '|---|---|---|---|---|---|',
  ];
  const registration = run.registrationLatency;
  if (registration) {
    lines.push(
      `| 1 | registration p50, ${registration.requests} sequential via the local API | ${ms(registration.apiP50Ms)} | bare TransactWriteItems of the same 4 items: ${ms(registration.bareP50Ms)} | ${times(registration.registrationP50Ratio)} | ≤ 1.5× |`,
      `| 1 | registration p99 | ${ms(registration.apiP99Ms)} | ${ms(registration.bareP99Ms)} | ${times(registration.registrationP99Ratio)} | — |`,
      `| 1 | registration p50, use case in-process (no HTTP) | ${ms(registration.useCaseP50Ms)} | ${ms(registration.bareP50Ms)} | ${times(registration.useCaseP50Ratio)} | — |`,
    );
  }
  if (run.burst) lines.push(...burstRows(run.burst));
  if (run.yearClose) lines.push(...yearCloseRows(run.yearClose));
  if (run.pipelineLag) lines.push(...pipelineLagRows(run.pipelineLag));
  const cold = run.coldStart;
  if (cold) {
    const s = cold.summary;
    lines.push(
      `| 5 | largest minified bundle (of ${s.functions}) | ${kb(s.largestBytes)} | goal ${kb(cold.goalBytes)} | ${times(s.largestBytes / cold.goalBytes)} | ≤ 1×, ${s.overGoal} over |`,
      `| 5 | median bundle | ${kb(s.medianBytes)} | empty handler ${kb(cold.emptyHandler.bytes)} | — | — |`,
      `| 5 | module init (\`import()\`), median function | ${ms(s.medianImportMs)} | empty handler ${ms(s.emptyImportMs)} | ${times(s.medianInitRatio)} (worst ${times(s.maxInitRatio)}) | ≤ 1.5× |`,
      `| 5 | module init over its SDK floor, median function | ${ms(s.medianImportMs)} | the same \`@aws-sdk/*\` imports alone: ${ms(s.medianSdkFloorImportMs)} | ${times(s.medianInitOverSdkFloorRatio)} (worst ${times(s.maxInitOverSdkFloorRatio)}) | ≤ 1.5× |`,
      `| 5 | process start → handler ready, median function | ${ms(s.medianReadyMs)} | empty handler ${ms(s.emptyReadyMs)} | ${times(s.medianReadyRatio)} (worst ${times(s.maxReadyRatio)}) | ≤ 1.5× |`,
    );
  }
  if (run.capacity) lines.push(...capacityRows(run.capacity));
  if (run.yearReport) lines.push(...yearReportRows(run.yearReport));
  if (cold) {
    const s = cold.summary;
    lines.push(
      '',
      `Largest bundles (of ${s.functions}; init = \`import()\` median of ${cold.runsPerBundle} fresh processes):`,
      '',
      '| function | bundle | init | what makes it large (bytes in the bundle) |',
      '|---|---|---|---|',
      ...cold.functions.slice(0, 6).map(
        (f) =>
          `| ${f.name} | ${kb(f.bytes)} | ${ms(f.importMs)} | ${f.topInputs
            .slice(0, 4)
            .map((input) => `${input.input} ${kb(input.bytes)}`)
            .join(', ')} |`,
      ),
      '',
      `Where the init time of ${cold.probes.of} goes: each of its external imports and largest bundled packages imported alone by an empty handler, the same way (times overlap: modules share dependencies):`,
      '',
      '| module | kind | bundle | init | ratio to empty handler |',
      '|---|---|---|---|---|',
      ...cold.probes.modules.map(
        (probe) =>
          `| ${probe.module} | ${probe.external ? 'external (runtime)' : 'bundled'} | ${kb(probe.bytes)} | ${ms(probe.importMs)} | ${times(probe.initRatio)} |`,
      ),
    );
  }
  return lines.join('\n');
};

/**
 * Writes the run. A partial run (`--only`) is merged into the same day's result of its mode: the
 * measurements it made replace those there, the others stay, and `reruns` records which were
 * measured again when, so that the table always shows one whole set.
 */
export const writeRun = (run: BenchRun, options: { partial?: boolean } = {}): { resultFile: string } => {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = `${run.date.slice(0, 10)}${run.mode === 'quick' ? '-quick' : ''}.json`;
  const file = join(dir, name);
  let written: BenchRun = run;
  if (options.partial && existsSync(file)) {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as BenchRun;
    const measured = MEASUREMENT_KEYS.filter((key) => run[key] !== undefined);
    written = {
      ...earlier,
      ...Object.fromEntries(measured.map((key) => [key, run[key]])),
      reruns: [
        ...(earlier.reruns ?? []),
        { date: run.date, measurements: measured, durationS: run.durationS },
      ],
    };
  }
  writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  // In the repository's own JSON style, so that `npm run lint` passes over committed results.
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', file],
    {
      cwd: repoRoot,
      stdio: 'ignore',
    },
  );
  const resultFile = relative(repoRoot, file);

  const docFile = join(repoRoot, 'docs', 'performance.md');
  const doc = readFileSync(docFile, 'utf8');
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`docs/performance.md lacks ${START_MARKER} … ${END_MARKER}`);
  const table = summaryTable(written, resultFile);
  writeFileSync(docFile, `${doc.slice(0, start + START_MARKER.length)}\n${table}\n${doc.slice(end)}`);
  return { resultFile };
};
