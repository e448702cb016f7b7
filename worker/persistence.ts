/**
 * Persistence as the worker uses it: load what was saved (reporting, never throwing, when storage is missing or a
 * record is bad), then a persister that coalesces the engine's changes into one transaction per flush window.
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

export async function openPersistence(deps: PersistenceDeps): Promise<Persistence> {
  const saved = await loadSaved(deps.store, deps.onError);
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
