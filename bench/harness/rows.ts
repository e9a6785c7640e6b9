/**
 * How figures read in docs/performance.md's table (bench/report.ts and each measurement's
 * `…Rows`): one spelling of milliseconds, ratios and sizes across all rows.
 */

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const times = (value: number) => `${value.toFixed(2)}×`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
