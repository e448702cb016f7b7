/**
 * Persistence as the worker uses it: load what was saved (reporting, never throwing, when storage is missing or a
 * record is bad), then a persister that coalesces the engine's changes into one transaction per flush window. A
 * store that cannot be read at all (or does not answer within 5 s) leaves the session in memory only.
 */
import type { Clock } from '../src/engine/clock.ts';
import type { ChangeSink, SavedHeartState } from '../src/engine/engine.ts';
import type { SavedItemState } from '../src/engine/item-record.ts';
import { createPersister, loadSaved } from '../src/storage/persister.ts';
import type { HeartBeatStore } from '../src/storage/store.ts';

export interface Persistence {
  saved: { heart: SavedHeartState | null; items: SavedItemState[] };
  changes: ChangeSink;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface PersistenceDeps {
  store: HeartBeatStore;
  clock: Clock;
  flushWindowMs: number;
  source: { exportHeart(): SavedHeartState; exportItem(key: string): SavedItemState | undefined };
  onError: (reason: string) => void;
}

/** A session that could not read the store keeps its changes in memory. */
const inMemoryOnly: Persistence['changes'] = { itemChanged() {}, itemRemoved() {}, heartChanged() {} };

export async function openPersistence(deps: PersistenceDeps): Promise<Persistence> {
  // With the clock, a load that another tab's blocked upgrade holds up is given up on (after 5 s) instead of
  // holding up `connect`, and with it every call the page makes.
  const saved = await loadSaved(deps.store, deps.onError, { clock: deps.clock });
  if (!saved.loaded) {
    // Writing now could replace saved records this session never saw (a fresh item over a saved one of its key).
    return { saved, changes: inMemoryOnly, flush: async () => undefined, close: async () => undefined };
  }
  const persister = createPersister(deps);
  return {
    saved,
    changes: persister,
    flush: () => persister.flush(),
    close: async () => {
      await persister.flush();
      persister.close();
    },
  };
}
