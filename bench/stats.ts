/**
 * Pure statistics for the benchmark: percentiles, lateness against an ideal schedule, drift, delivered share.
 * Empty input gives `NaN` figures rather than throwing, so a source that delivered nothing still gets a row.
 */

/**
 * The `p`-th percentile (0–100) of `values`, interpolating linearly between the two nearest ranks (so p50 of
 * [1, 2] is 1.5, p0 is the minimum, p100 the maximum). `NaN` for no values. Does not modify `values`.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`Expected \`p\` to be a percentile from 0 to 100, got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/** The median: {@link percentile} 50. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * How late each beat arrived, in ms, against the ideal schedule where beat `n` is due at
 * `startedAt + n × intervalMs`. Negative for a beat that came early. `beatIndex[i]` belongs to `arrivedAt[i]`.
 */
export function latenessMs(startedAt: number, intervalMs: number, beatIndex: readonly number[], arrivedAt: readonly number[]): number[] {
  if (beatIndex.length !== arrivedAt.length) {
    throw new RangeError(`Expected as many beat indexes as arrivals, got ${beatIndex.length} and ${arrivedAt.length}`);
  }
  return arrivedAt.map((at, i) => at - (startedAt + beatIndex[i]! * intervalMs));
}

/** The usual figures of a lateness series. */
export interface LatenessSummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
}

export function summarizeLateness(lateness: readonly number[]): LatenessSummary {
  return {
    count: lateness.length,
    meanMs: lateness.length ? lateness.reduce((sum, value) => sum + value, 0) / lateness.length : Number.NaN,
    p50Ms: percentile(lateness, 50),
    p90Ms: percentile(lateness, 90),
    p99Ms: percentile(lateness, 99),
    maxMs: lateness.length ? Math.max(...lateness) : Number.NaN,
    minMs: lateness.length ? Math.min(...lateness) : Number.NaN,
  };
}

/** Whether lateness grows over a run, two ways: robustly (first vs last tenth) and as a fitted line. */
export interface Drift {
  /** Beats in the series. */
  beats: number;
  firstTenthMedianMs: number;
  lastTenthMedianMs: number;
  /** `lastTenthMedianMs − firstTenthMedianMs`: how much later the end of the run is than its start. */
  growthMs: number;
  /** Least-squares slope of lateness against beat number, in ms per 1,000 beats. */
  slopeMsPer1000Beats: number;
}

/**
 * Drift of a lateness series in arrival order. Each tenth holds at least one beat, so a series shorter than
 * ten beats still compares its first and last beat; `NaN` figures for an empty series.
 */
export function drift(lateness: readonly number[]): Drift {
  const beats = lateness.length;
  const tenth = Math.max(1, Math.floor(beats / 10));
  const firstTenthMedianMs = median(lateness.slice(0, tenth));
  const lastTenthMedianMs = median(lateness.slice(beats - tenth));
  return {
    beats,
    firstTenthMedianMs,
    lastTenthMedianMs,
    growthMs: lastTenthMedianMs - firstTenthMedianMs,
    slopeMsPer1000Beats: slope(lateness) * 1000,
  };
}

/** Least-squares slope of `values` against their index; 0 for fewer than two values, `NaN` for none. */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return 0;
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (const value of values) meanY += value / n;
  let covariance = 0;
  let varianceX = 0;
  for (let x = 0; x < n; x++) {
    covariance += (x - meanX) * (values[x]! - meanY);
    varianceX += (x - meanX) ** 2;
  }
  return covariance / varianceX;
}

/** Beats delivered in a time window against the number that should have come. */
export interface DeliveredShare {
  delivered: number;
  /** `(toAt − fromAt) / intervalMs`: whole and fractional beats that fit in the window. */
  expected: number;
  /** `delivered / expected`, 1 meaning every beat came. */
  share: number;
}

/** Counts arrivals in the window (`fromAt`, `toAt`]. */
export function deliveredShare(arrivedAt: readonly number[], fromAt: number, toAt: number, intervalMs: number): DeliveredShare {
  if (!(toAt > fromAt)) throw new RangeError(`Expected the window to end after it starts, got ${fromAt} to ${toAt}`);
  const delivered = arrivedAt.filter((at) => at > fromAt && at <= toAt).length;
  const expected = (toAt - fromAt) / intervalMs;
  return { delivered, expected, share: delivered / expected };
}
