/**
 * `npm run bench [-- --quick] [-- --only registration,burst,…]`: the performance figures of
 * issue 8, each measured in the same run as its reference, written to bench/results/ and to the
 * table in docs/performance.md. Not part of `npm test`: timings belong here, never in assertions.
 *
 * `--quick` takes fewer samples (a few minutes in all); the full run takes the sample sizes the
 * issue asks for. Run it on an otherwise idle machine: the figures are only as quiet as the host.
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { measureBurst } from './burst';
import { measureCapacity } from './capacity';
import { measureColdStart } from './cold-start';
import { measurePipelineLag } from './pipeline-lag';
import { measureRegistrationLatency } from './registration-latency';
import { type BenchRun, writeRun } from './report';
import { measureYearClose } from './year-close-scale';
import { measureYearReport } from './year-report-scale';

/** In the order they run (and the issue's numbering: 1, 2, 3, 4, 5, 6, 7). */
const MEASUREMENTS = [
  'registration',
  'burst',
  'year-close',
  'pipeline-lag',
  'cold-start',
  'capacity',
  'year-report',
] as const;
type Measurement = (typeof MEASUREMENTS)[number];

const SAMPLES = {
  quick: {
    registrations: 100,
    registrationWarmUp: 20,
    burst: { registrations: 300, concurrency: 50, seats: 60 },
    yearClose: { sizes: [39, 290, 1_000], issueBudgetMs: 15_000, mailAllUpTo: 0, mailSample: 30 },
    lagEvents: 100,
    lagWarmUp: 10,
    coldStartRuns: 3,
    capacityRepetitions: 1,
    reportParticipations: [650, 2_000],
    reportSamples: 10,
    reportConsumerEvents: 150,
  },
  full: {
    registrations: 500,
    registrationWarmUp: 50,
    burst: { registrations: 1_000, concurrency: 50, seats: 60 },
    yearClose: { sizes: [39, 290, 10_000], issueBudgetMs: 150_000, mailAllUpTo: 1_000, mailSample: 300 },
    lagEvents: 500,
    lagWarmUp: 20,
    coldStartRuns: 7,
    capacityRepetitions: 3,
    reportParticipations: [650, 10_000],
    reportSamples: 30,
    reportConsumerEvents: 300,
  },
} as const;

const parseArgs = (argv: readonly string[]): { quick: boolean; only: readonly Measurement[] } => {
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',') : [...MEASUREMENTS];
  const unknown = only.filter((name) => !MEASUREMENTS.includes(name as Measurement));
  if (unknown.length > 0)
    throw new Error(`Unknown measurement ${unknown.join(', ')}; known: ${MEASUREMENTS}`);
  return { quick, only: only as Measurement[] };
};

const main = async () => {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const samples = quick ? SAMPLES.quick : SAMPLES.full;
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const run: BenchRun = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    durationS: 0,
  };
  if (only.includes('registration')) {
    run.registrationLatency = await measureRegistrationLatency({
      requests: samples.registrations,
      warmUp: samples.registrationWarmUp,
      log,
    });
  }
  if (only.includes('burst')) run.burst = await measureBurst({ ...samples.burst, log });
  if (only.includes('year-close')) {
    run.yearClose = await measureYearClose({ ...samples.yearClose, log });
  }
  if (only.includes('pipeline-lag')) {
    run.pipelineLag = await measurePipelineLag({ events: samples.lagEvents, warmUp: samples.lagWarmUp, log });
  }
  if (only.includes('cold-start')) {
    run.coldStart = await measureColdStart({ runs: samples.coldStartRuns, log });
  }
  if (only.includes('capacity')) {
    run.capacity = await measureCapacity({ repetitions: samples.capacityRepetitions, log });
  }
  if (only.includes('year-report')) {
    run.yearReport = await measureYearReport({
      participations: samples.reportParticipations,
      samples: samples.reportSamples,
      consumerEvents: samples.reportConsumerEvents,
      log,
    });
  }
  run.durationS = Math.round((Date.now() - started) / 1000);
  const { resultFile } = writeRun(run, { partial: only.length < MEASUREMENTS.length });
  log(`wrote ${resultFile} and docs/performance.md`);
};

main().then(
  // The local cloud's clients and timers may keep the loop alive after stop().
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
