import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../engine/manual-clock.ts';
import { createIdbStore } from './idb-store.ts';
import { loadSaved } from './load-saved.ts';
import { fullHeartState, fullItemState } from './saved-state-fixture.ts';
import type { HeartBeatStore, LoadedState } from './store.ts';

function storeLoading(load: () => Promise<LoadedState>): HeartBeatStore {
  return { load, write: () => Promise.reject(new Error('not used')) };
}

function collect() {
  const reasons: string[] = [];
  return { reasons, onError: (reason: string) => void reasons.push(reason) };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory() as unknown as typeof globalThis.indexedDB;
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('loadSaved', () => {
  it('returns what loaded and reports each skipped record', async () => {
    const { reasons, onError } = collect();
    const store = storeLoading(async () => ({
      heart: fullHeartState(),
      items: [fullItemState('a')],
      problems: ['Skipped saved record `item:b`: one', 'Skipped saved record `item:c`: two'],
    }));
    expect(await loadSaved(store, onError)).toEqual({ heart: fullHeartState(), items: [fullItemState('a')], loaded: true });
    expect(reasons).toEqual(['Skipped saved record `item:b`: one', 'Skipped saved record `item:c`: two']);
  });

  it('turns a rejected or throwing load into empty state and one reason', async () => {
    for (const store of [
      storeLoading(() => Promise.reject(new Error('boom'))),
      storeLoading(() => {
        throw new Error('boom');
      }),
    ]) {
      const { reasons, onError } = collect();
      await expect(loadSaved(store, onError)).resolves.toEqual({ heart: null, items: [], loaded: false });
      expect(reasons).toEqual(['Could not load saved state, running in memory only: boom']);
    }
  });

  it('reports a missing IndexedDB without throwing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const { reasons, onError } = collect();
    expect(await loadSaved(createIdbStore('app'), onError)).toEqual({ heart: null, items: [], loaded: false });
    expect(reasons).toEqual([
      'Could not load saved state, running in memory only: Could not read IndexedDB database `heartbeat:app`: IndexedDB is not available in this context',
    ]);
  });

  it('reports an open that throws without throwing', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Access denied.', 'SecurityError');
    });
    const { reasons, onError } = collect();
    expect((await loadSaved(createIdbStore('app'), onError)).loaded).toBe(false);
    expect(reasons).toEqual([
      'Could not load saved state, running in memory only: Could not read IndexedDB database `heartbeat:app`: SecurityError: Access denied.',
    ]);
  });

  it('gives up on an open blocked by another tab once the time limit passes', async () => {
    // Another tab holds the database open and ignores `versionchange`, so a delete waits, and our open queues
    // behind the delete.
    const other = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('heartbeat:app');
      request.onsuccess = () => resolve(request.result);
    });
    const blocked = new Promise<void>((resolve) => {
      indexedDB.deleteDatabase('heartbeat:app').onblocked = () => resolve();
    });
    await blocked;
    const clock = createManualClock();
    const { reasons, onError } = collect();
    let settled = false;
    const loading = loadSaved(createIdbStore('app'), onError, { clock, timeoutMs: 3000 }).finally(() => (settled = true));
    await clock.advanceBy(2999);
    expect(settled).toBe(false);
    await clock.advanceBy(1);
    expect(await loading).toEqual({ heart: null, items: [], loaded: false });
    expect(reasons).toEqual([
      'Could not load saved state, running in memory only: no answer within 3000 ms (another tab may be blocking the database)',
    ]);
    other.close();
  });

  it('clears its time limit when the load answers', async () => {
    const clock = createManualClock();
    const store = createIdbStore('app');
    await store.write({ heart: fullHeartState(), put: [], delete: [] });
    const saved = await loadSaved(store, () => {}, { clock });
    expect(saved.heart).toEqual(fullHeartState());
    expect(clock.pendingTimers()).toBe(0);
  });

  it('survives an onError that throws', async () => {
    const store = storeLoading(async () => ({ heart: null, items: [], problems: ['bad record'] }));
    const saved = await loadSaved(store, () => {
      throw new Error('listener broke');
    });
    expect(saved.loaded).toBe(true);
  });
});
