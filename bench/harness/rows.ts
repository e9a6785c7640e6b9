/**
 * How figures read in docs/performance.md's table (bench/report.ts and each measurement's
 * `…Rows`): one spelling of milliseconds, ratios and sizes across all rows.
 */

/** Milliseconds: two decimals below 10 ms, one above. */
export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
/** A ratio, as `1.23×`. */
export const times = (value: number) => `${value.toFixed(2)}×`;
/** Bytes as kibibytes with one decimal. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
