/**
 * Coalesces the engine's change notices into one store write per flush window. A busy heartbeat (a thousand items,
 * a beat every 100 ms) would otherwise open a transaction per change; here the first change arms one timer, later
 * changes only mark keys, and when the window ends one `write` carries the current state of every marked item.
 *
 * Only the store interface and the clock come in, so this runs and is tested without IndexedDB or the DOM.
 */
import type { Clock, TimerHandle } from '../engine/clock.ts';
import type { ChangeSink, Engine } from '../engine/engine.ts';
import { expected } from '../heart-beat-error.ts';
import { errorText } from './error-text.ts';
import type { HeartBeatStore, WriteBatch } from './store.ts';

// Start-up loading lives in its own file; re-exported so the runtime gets both halves of persistence here.
export { type LoadSavedOptions, type SavedState, loadSaved } from './load-saved.ts';

/** Where the persister reads the state to save, at write time: the engine. */
export type PersisterSource = Pick<Engine, 'exportHeart' | 'exportItem'>;

export interface PersisterOptions {
  store: HeartBeatStore;
  /** Arms the flush window's timer. */
  clock: Clock;
  /** How long changes may wait before one write saves them. Default 1000; 0 writes on the next timer turn. */
  flushWindowMs?: number;
  source: PersisterSource;
  /**
   * Called once per failed write (or failed export) with a one-line reason, for a `persistence-error` event. The
   * changes stay pending and are tried again one window later. Whatever it throws is ignored.
   */
  onError: (reason: string) => void;
}

/** The engine's {@link ChangeSink}, plus control over when pending changes are written. */
export interface Persister extends ChangeSink {
  /**
   * Writes pending changes now. If a write is under way it waits for it, then writes what changed since. Never
   * rejects: a failure goes to `onError` and the changes stay pending for the next window.
   */
  flush(): Promise<void>;
  /**
   * Writes what is pending (as {@link Persister.flush}), then stops: no timer stays armed and later changes are
   * ignored. Close the engine first, so its last changes (a stop) are among those written. Never rejects.
   */
  close(): Promise<void>;
}

/** Creates a persister writing `source`'s state to `store`. Throws `invalid-option` for a bad `flushWindowMs`. */
export function createPersister(options: PersisterOptions): Persister {
  const { store, clock, source, onError, flushWindowMs = 1000 } = options;
  if (!(typeof flushWindowMs === 'number' && flushWindowMs >= 0 && flushWindowMs < Infinity)) {
    throw expected('flushWindowMs', 'a finite number of milliseconds from 0 and up', flushWindowMs);
  }
  // A key is in at most one of the two sets: the latest notice about it wins.
  const changed = new Set<string>();
  const removed = new Set<string>();
  let heartChanged = false;
  let timer: TimerHandle | null = null;
  let writing: Promise<void> | null = null;
  let closed = false;

  function arm(): void {
    if (timer !== null || closed) return;
    timer = clock.setTimer(() => {
      timer = null;
      void flush();
    }, flushWindowMs);
  }

  function report(reason: string): void {
    try {
      onError(reason);
    } catch {
      // The listener's failure must not turn into an unhandled rejection in the timer.
    }
  }

  async function writePending(): Promise<void> {
    const keys = [...changed];
    const gone = [...removed];
    const heart = heartChanged;
    changed.clear();
    removed.clear();
    heartChanged = false;
    try {
      const batch: WriteBatch = { put: [], delete: gone };
      for (const key of keys) {
        const state = source.exportItem(key);
        // Gone without an `itemRemoved` notice: delete rather than keep a stale record.
        if (state) batch.put.push(state);
        else batch.delete.push(key);
      }
      if (heart) batch.heart = source.exportHeart();
      await store.write(batch);
    } catch (error) {
      // Put the changes back unless a newer notice about the same key came in during the write.
      for (const key of keys) if (!removed.has(key)) changed.add(key);
      for (const key of gone) if (!changed.has(key)) removed.add(key);
      heartChanged ||= heart;
      const what = [`${keys.length} changed item(s)`, `${gone.length} removed`, ...(heart ? ['heartbeat state'] : [])];
      const next = closed ? 'not retried, the persister is closed' : `retrying in ${flushWindowMs} ms`;
      report(`Could not save ${what.join(', ')}: ${errorText(error)}; ${next}`);
      arm();
    }
  }

  async function flush(): Promise<void> {
    // Writes never overlap; the loop, not a single await, because another flush may start first after the wait.
    while (writing) await writing;
    if (!heartChanged && changed.size === 0 && removed.size === 0) return;
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
    writing = writePending().finally(() => {
      writing = null;
    });
    await writing;
  }

  return {
    itemChanged(key) {
      if (closed) return;
      removed.delete(key);
      changed.add(key);
      arm();
    },
    itemRemoved(key) {
      if (closed) return;
      changed.delete(key);
      removed.add(key);
      arm();
    },
    heartChanged() {
      if (closed) return;
      heartChanged = true;
      arm();
    },
    flush,
    async close() {
      closed = true;
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      await flush();
    },
  };
}
