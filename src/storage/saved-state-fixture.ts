/**
 * Test fixtures: saved states with every field set to something other than its default, so a round trip that
 * drops or resets a field shows up. Used by the storage tests only.
 */
import type { SavedHeartState } from '../engine/engine.ts';
import type { SavedItemState } from '../engine/item-record.ts';

/** A saved item with every field away from its default and metadata of types JSON would lose. */
export function fullItemState(key = 'feed'): SavedItemState {
  return {
    key,
    kind: 'task',
    task: 'poll-feed',
    modTick: 3,
    maxRuns: 40,
    paused: true,
    timesRan: 17,
    lastTickRan: 51,
    skipped: 2,
    errorCount: 4,
    lastError: 'Timed out after 250 ms',
    lastResult: { etag: 'W/"42"', items: [1, 2, 3] },
    metadata: {
      seenAt: new Date(Date.UTC(2024, 11, 18, 10, 11)),
      byFeed: new Map<string, number>([['news', 3], ['blog', 1]]),
      nested: { cursor: { page: 4, ids: ['a', 'b'] } },
      digest: new Uint8Array([222, 173, 190, 239]),
    },
    timeoutMs: 250,
    overlap: 'allow',
    input: { url: 'https://example.com/feed', since: new Date(Date.UTC(2024, 0, 1)) },
  };
}

/** A saved heartbeat state away from the defaults. */
export function fullHeartState(): SavedHeartState {
  return { intervalMs: 750, running: true, tick: 51 };
}
