/** Summary statistics of timing samples (milliseconds), shared by the benchmarks. */

/** The nearest-rank percentile `p` (0–100) of `samples`; NaN for none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
};

/** The nearest-rank median of `samples`. */
export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Rounded for the report: three significant decimals are more than the noise allows. */
export const round = (value: number, decimals = 2): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** `measured / reference`, rounded; the shape every `…Ratio` key of the results has. */
export const ratio = (measured: number, reference: number): number => round(measured / reference, 2);

/** p50, p99 and mean of timing samples (ms), rounded: the shape of every latency in the results. */
export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** p50, p99 and mean of timing samples, rounded: the figures every latency in the results has. */
export const latencyFigures = (samples: readonly number[]): LatencyFigures => ({
  p50Ms: round(percentile(samples, 50)),
  p99Ms: round(percentile(samples, 99)),
  meanMs: round(samples.reduce((sum, s) => sum + s, 0) / samples.length),
});
