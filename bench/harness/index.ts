/**
 * What the measurements share: their local cloud (started and stopped one way), the HTTP client
 * of its API, timing helpers, percentiles and the spelling of figures in the report's rows.
 */
export {
  type BenchCloud,
  type BenchCloudOptions,
  localClientConfig,
  localDocumentClient,
  localDynamoClient,
  meteredParts,
  startBenchCloud,
} from './cloud';
export { type BenchHttp, benchHttp, type SendOptions } from './http';
export { type LatencyFigures, latencyFigures, median, percentile, ratio, round } from './percentiles';
export { kb, ms, times } from './rows';
export { eachLimit, elapsedMs, sleep, timed, waitUntil } from './timing';
export { BENCH_MEMBER, benchRegistration, createReferenceTable, scheduleBenchMeeting } from './workload';
