/**
 * The saved state of bench item number `n`, shaped like the seed's example item: a `Date` and a few string entries
 * in its metadata, so structured clone has real work to do. `revision` changes what is written each flush.
 */
import type { SavedItemState } from '../../src/engine/item-record.ts';

export function benchItemState(n: number, revision: number): SavedItemState {
  return {
    key: `item-${n}`,
    kind: 'main',
    task: null,
    modTick: (n % 8) + 1,
    maxRuns: 0,
    paused: false,
    timesRan: revision,
    lastTickRan: revision * 4,
    skipped: 0,
    errorCount: 0,
    lastError: null,
    lastResult: undefined,
    metadata: {
      inception: new Date(Date.UTC(2024, 11, 23, 17, 50, 38)),
      [`Iter ${revision}`]: `${(revision * 0.5).toFixed(3)}s since starting`,
      counter: n * revision,
    },
    timeoutMs: 0,
    overlap: 'skip',
    input: undefined,
  };
}
