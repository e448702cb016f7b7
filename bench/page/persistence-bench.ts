/**
 * The persistence measurements, on the library's own storage path: `createIdbStore` (idb-keyval, real IndexedDB)
 * behind `createPersister`, read back with `loadSaved` and `engine.restore`, exactly as the worker runtime wires
 * them. Runs in a dedicated worker, where the library keeps its storage.
 */
import { createEngine } from '../../src/engine/engine.ts';
import type { SavedItemState } from '../../src/engine/item-record.ts';
import { createIdbStore, databaseNameFor } from '../../src/storage/idb-store.ts';
import { createPersister, loadSaved } from '../../src/storage/persister.ts';
import { createRealClock } from '../../worker/real-clock.ts';
import type { PersistencePlan, PersistenceRecords } from '../page-api.ts';
import { benchItemState } from './bench-item-state.ts';
import { epochNow } from './epoch-now.ts';

// Long enough that the window's own timer never fires during a measurement: every write is an explicit flush().
const NEVER_MS = 3_600_000;

export async function runPersistenceBench(plan: PersistencePlan): Promise<PersistenceRecords> {
  const name = `bench-${Date.now()}`;
  const clock = createRealClock();
  const errors: string[] = [];
  const onError = (reason: string) => errors.push(reason);
  const states = new Map<string, SavedItemState>();
  let revision = 0;
  let tick = 0;
  const source = {
    exportHeart: () => ({ intervalMs: 100, running: false, tick }),
    exportItem: (key: string) => states.get(key),
  };
  const persister = createPersister({ store: createIdbStore(name), clock, flushWindowMs: NEVER_MS, source, onError });

  /** Gives `count` items (from the first) a new state and tells the persister, as a beat's runs would. */
  function changeItems(count: number): void {
    revision++;
    tick++;
    for (let n = 0; n < count; n++) {
      const state = benchItemState(n, revision);
      states.set(state.key, state);
      persister.itemChanged(state.key);
    }
    persister.heartChanged();
  }

  const records: PersistenceRecords = {
    itemCount: plan.itemCount,
    flushMs: [],
    loadMs: [],
    engineRestoreMs: [],
    throughput: [],
    errors,
  };
  try {
    for (let rep = 0; rep < plan.repetitions; rep++) {
      changeItems(plan.itemCount);
      const startedAt = epochNow();
      await persister.flush();
      records.flushMs.push(epochNow() - startedAt);
    }

    for (let rep = 0; rep < plan.repetitions; rep++) {
      // A fresh store each time, so opening the database is part of the restore, as after a reload.
      const startedAt = epochNow();
      const saved = await loadSaved(createIdbStore(name), onError);
      const loadedAt = epochNow();
      const engine = createEngine({ clock, emit: () => undefined });
      engine.restore(saved.heart, saved.items);
      records.engineRestoreMs.push(epochNow() - loadedAt);
      records.loadMs.push(loadedAt - startedAt);
      const restored = engine.list().length;
      engine.close();
      if (restored !== plan.itemCount) {
        throw new Error(`Expected ${plan.itemCount} restored items, got ${restored}`);
      }
    }

    for (const batchSize of plan.throughputBatchSizes) {
      let transactions = 0;
      const startedAt = epochNow();
      // Back to back, each flush one transaction that must commit before the next starts, as the persister does.
      while (epochNow() - startedAt < plan.throughputDurationMs) {
        changeItems(batchSize);
        await persister.flush();
        transactions++;
      }
      records.throughput.push({ batchSize, transactions, elapsedMs: epochNow() - startedAt });
    }
  } finally {
    await persister.close();
    await deleteDatabase(databaseNameFor(name)).catch((error: unknown) => errors.push(`Cleanup: ${String(error)}`));
  }
  return records;
}

function deleteDatabase(dbName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(dbName);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    // The restore connections are idb-keyval's and never close; the store closes them on versionchange.
    request.onblocked = () => undefined;
  });
}
