/**
 * Reads saved state at start-up without ever failing the start: a heartbeat whose storage is missing, refused or
 * stuck keeps running in memory, and the reasons go to `onError` for `persistence-error` events.
 */
import type { Clock } from '../engine/clock.ts';
import type { SavedHeartState } from '../engine/engine.ts';
import type { SavedItemState } from '../engine/item-record.ts';
import { errorText } from './error-text.ts';
import type { HeartBeatStore, LoadedState } from './store.ts';

/** What to hand to `engine.restore(heart, items)`. */
export interface SavedState {
  heart: SavedHeartState | null;
  items: SavedItemState[];
  /**
   * False when the store could not be read at all (state is then empty). Writing to it in this session could
   * replace records this session never saw (a fresh item over a saved one of the same key), so the runtime may
   * prefer to run without persistence.
   */
  loaded: boolean;
}

export interface LoadSavedOptions {
  /**
   * With a clock, a load that has not answered after `timeoutMs` is given up on. An IndexedDB open waits, without
   * failing, while another tab's upgrade or delete of the database is blocked, which could be forever.
   * Default: no clock, no time limit.
   */
  clock?: Clock;
  /** Default 5000. */
  timeoutMs?: number;
}

function loadWithin(store: HeartBeatStore, options: LoadSavedOptions): Promise<LoadedState> {
  // `then` so that a store throwing synchronously becomes a rejection like any other.
  const loading = Promise.resolve().then(() => store.load());
  const { clock, timeoutMs = 5000 } = options;
  if (!clock) return loading;
  return new Promise((resolve, reject) => {
    const timer = clock.setTimer(() => {
      reject(new Error(`no answer within ${timeoutMs} ms (another tab may be blocking the database)`));
    }, timeoutMs);
    loading.then(
      (state) => {
        clock.clearTimer(timer);
        resolve(state);
      },
      (error: unknown) => {
        clock.clearTimer(timer);
        reject(error);
      },
    );
  });
}

/**
 * Loads what `store` holds. Never rejects: a store that cannot be opened or read gives empty state with
 * `loaded: false` and one `onError` call; each skipped record (corrupt, other schema version) is one more
 * `onError` call with its problem line, and the other records still load.
 */
export async function loadSaved(
  store: HeartBeatStore,
  onError: (reason: string) => void,
  options: LoadSavedOptions = {},
): Promise<SavedState> {
  const report = (reason: string) => {
    try {
      onError(reason);
    } catch {
      // A failing listener must not cost the heartbeat its start.
    }
  };
  let state: LoadedState;
  try {
    state = await loadWithin(store, options);
  } catch (error) {
    report(`Could not load saved state, running in memory only: ${errorText(error)}`);
    return { heart: null, items: [], loaded: false };
  }
  for (const problem of state.problems) report(problem);
  return { heart: state.heart, items: state.items, loaded: true };
}
