import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartBeatError } from '../heart-beat-error.ts';
import { createIdbStore, databaseNameFor, objectStoreName } from './idb-store.ts';
import { fullHeartState, fullItemState } from './saved-state-fixture.ts';
import { schemaVersion } from './store.ts';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Writes a raw value under `key`, bypassing the adapter, the way a bug or an older version could have. */
async function putRaw(name: string, key: string, value: unknown): Promise<void> {
  const db = await request(indexedDB.open(databaseNameFor(name)));
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(objectStoreName, 'readwrite');
    tx.objectStore(objectStoreName).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

function countTransactions() {
  return vi.spyOn(IDBDatabase.prototype, 'transaction');
}

function readwriteCalls(spy: ReturnType<typeof countTransactions>): number {
  return spy.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
}

beforeEach(() => {
  // idb-keyval reads the global `indexedDB` when it first opens, so a fresh factory per test isolates tests.
  globalThis.indexedDB = new IDBFactory() as unknown as typeof globalThis.indexedDB;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createIdbStore', () => {
  it('opens nothing until the first load, then keeps its connection', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    const store = createIdbStore('app');
    expect(open).not.toHaveBeenCalled();
    await store.load();
    await store.write({ put: [fullItemState()], delete: [] });
    await store.load();
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('heartbeat:app');
  });

  it('gives back every field of item and heartbeat state, with Date, Map, nested objects and typed arrays', async () => {
    const item = fullItemState('feed');
    await createIdbStore('app').write({ heart: fullHeartState(), put: [item], delete: [] });

    // A second store of the same name is what the next page load would create.
    const loaded = await createIdbStore('app').load();
    expect(loaded.problems).toEqual([]);
    expect(loaded.heart).toEqual({ intervalMs: 750, running: true, tick: 51 });
    expect(loaded.items).toEqual([item]);
    const [back] = loaded.items;
    expect(Object.keys(back!).sort()).toEqual(Object.keys(item).sort());
    const metadata = back!.metadata;
    expect(metadata['seenAt']).toBeInstanceOf(Date);
    expect((metadata['seenAt'] as Date).getTime()).toBe(Date.UTC(2024, 11, 18, 10, 11));
    expect(metadata['byFeed']).toBeInstanceOf(Map);
    expect([...(metadata['byFeed'] as Map<string, number>)]).toEqual([['news', 3], ['blog', 1]]);
    expect(metadata['nested']).toEqual({ cursor: { page: 4, ids: ['a', 'b'] } });
    expect(metadata['digest']).toBeInstanceOf(Uint8Array);
    expect([...(metadata['digest'] as Uint8Array)]).toEqual([222, 173, 190, 239]);
    expect((back!.input as { since: unknown }).since).toBeInstanceOf(Date);
  });

  it('writes puts, deletes and the heartbeat in one readwrite transaction', async () => {
    const store = createIdbStore('app');
    await store.write({ put: [fullItemState('a'), fullItemState('b')], delete: [] });
    const transactions = countTransactions();
    await store.write({ heart: fullHeartState(), put: [fullItemState('c'), fullItemState('d')], delete: ['a'] });
    expect(readwriteCalls(transactions)).toBe(1);
    const loaded = await store.load();
    expect(loaded.items.map((item) => item.key).sort()).toEqual(['b', 'c', 'd']);
    expect(loaded.heart).toEqual(fullHeartState());
  });

  it('opens no transaction for an empty batch', async () => {
    const transactions = countTransactions();
    await createIdbStore('app').write({ put: [], delete: [] });
    expect(transactions).not.toHaveBeenCalled();
  });

  it('keeps two names apart and never touches the default idb-keyval database', async () => {
    await createIdbStore('one').write({ heart: { intervalMs: 100, running: true, tick: 1 }, put: [fullItemState('x')], delete: [] });
    await createIdbStore('two').write({ heart: { intervalMs: 200, running: false, tick: 2 }, put: [fullItemState('y')], delete: [] });
    const one = await createIdbStore('one').load();
    const two = await createIdbStore('two').load();
    expect([one.heart?.tick, one.items.map((item) => item.key)]).toEqual([1, ['x']]);
    expect([two.heart?.tick, two.items.map((item) => item.key)]).toEqual([2, ['y']]);
    const names = (await indexedDB.databases()).map((db) => db.name).sort();
    expect(names).toEqual(['heartbeat:one', 'heartbeat:two']);
  });

  it('commits nothing of a batch when one value cannot be cloned', async () => {
    const store = createIdbStore('app');
    const bad = { ...fullItemState('bad'), metadata: { callback: () => 1 } };
    await expect(store.write({ put: [fullItemState('good'), bad], delete: [] })).rejects.toThrow(
      /^Could not write to IndexedDB database `heartbeat:app`: DataCloneError/,
    );
    expect((await store.load()).items).toEqual([]);
  });

  it('skips corrupt and other-version records with a problem line and loads the rest', async () => {
    const store = createIdbStore('app');
    await store.write({ heart: fullHeartState(), put: [fullItemState('ok')], delete: [] });
    await putRaw('app', 'item:broken', { schemaVersion, state: { ...fullItemState('broken'), timesRan: 'many' } });
    await putRaw('app', 'item:future', { schemaVersion: schemaVersion + 1, state: fullItemState('future') });
    const loaded = await createIdbStore('app').load();
    expect(loaded.heart).toEqual(fullHeartState());
    expect(loaded.items).toEqual([fullItemState('ok')]);
    expect(loaded.problems).toEqual([
      'Skipped saved record `item:broken`: expected `timesRan` to be a whole number from 0 and up, got `"many"` (string)',
      'Skipped saved record `item:future`: written by schema version `2` (number), this version reads 1',
    ]);
  });

  it('closes its connection when another tab deletes the database, and opens a new one after', async () => {
    const store = createIdbStore('app');
    await store.write({ put: [fullItemState('old')], delete: [] });
    let blocked = false;
    const deleting = indexedDB.deleteDatabase('heartbeat:app');
    deleting.onblocked = () => {
      blocked = true;
    };
    await request(deleting);
    expect(blocked).toBe(false);
    await store.write({ put: [fullItemState('new')], delete: [] });
    expect((await store.load()).items.map((item) => item.key)).toEqual(['new']);
  });

  it('rejects with a clear reason when IndexedDB is missing, and is created without one', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      const store = createIdbStore('app');
      await expect(store.load()).rejects.toThrow(
        'Could not read IndexedDB database `heartbeat:app`: IndexedDB is not available in this context',
      );
      await expect(store.write({ put: [fullItemState()], delete: [] })).rejects.toThrow(/not available/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('turns a throwing open into a rejection, and opens on the next try', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementationOnce(() => {
      throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError');
    });
    const store = createIdbStore('app');
    await expect(store.load()).rejects.toThrow(
      'Could not read IndexedDB database `heartbeat:app`: SecurityError: Access to the IndexedDB API is denied in this context.',
    );
    await store.write({ put: [fullItemState()], delete: [] });
    expect((await store.load()).items).toHaveLength(1);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('refuses an empty name', () => {
    expect(() => createIdbStore('')).toThrow(HeartBeatError);
    expect(() => createIdbStore('')).toThrow('Expected `persistName` to be a non-empty string, got `""` (string)');
  });
});
