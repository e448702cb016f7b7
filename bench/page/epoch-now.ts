/**
 * Epoch milliseconds with `performance.now()`'s resolution. Every bench timestamp uses this, on whatever thread:
 * `performance.now()` alone has a different origin in each worker, and `Date.now()` is whole milliseconds.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
