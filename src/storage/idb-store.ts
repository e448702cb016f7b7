/**
 * The IndexedDB adapter of {@link HeartBeatStore}, and the only file that imports idb-keyval.
 *
 * Each heartbeat name gets its own database (`heartbeat:<name>`, one object store `state`) through idb-keyval's
 * `createStore`, never its default store, so two heartbeats on one origin, or the app's own idb-keyval data, never
 * mix. Nothing is opened until the first `load` or `write`: importing or creating a store has no side effect.
 */
import { type UseStore, createStore, entries, promisifyRequest } from 'idb-keyval';
import { expected } from '../heart-beat-error.ts';
import { errorText } from './error-text.ts';
import { heartRecordKey, itemRecordKey, readStoredRecord, toStoredRecord } from './saved-record.ts';
import type { HeartBeatStore, LoadedState } from './store.ts';

/** Name of the one object store inside each heartbeat's database. */
export const objectStoreName = 'state';

/** The IndexedDB database a heartbeat named `name` keeps its state in: `heartbeat:<name>`. */
export function databaseNameFor(name: string): string {
  return `heartbeat:${name}`;
}

/**
 * Creates the IndexedDB store of the heartbeat named `name` (a non-empty string; throws `invalid-option`
 * otherwise). `load` and `write` reject with an `Error` naming the database when IndexedDB is missing, cannot be
 * opened, or a transaction fails.
 */
export function createIdbStore(name: string): HeartBeatStore {
  if (typeof name !== 'string' || name === '') throw expected('persistName', 'a non-empty string', name);
  const dbName = databaseNameFor(name);
  let opened: UseStore | undefined;
  let watched: unknown;

  // Another tab deleting or upgrading this database waits ("blocked") until every open connection closes, and
  // idb-keyval's connections never do. So ours closes when asked and the next transaction opens a new one.
  function closeOnVersionChange(db: IDBDatabase, owner: UseStore): void {
    if (db === watched) return;
    watched = db;
    db.onversionchange = () => {
      db.close();
      if (opened === owner) opened = undefined;
    };
  }

  const useStore: UseStore = (mode, callback) => {
    if (typeof indexedDB === 'undefined') {
      return Promise.reject(new Error('IndexedDB is not available in this context'));
    }
    const owner = (opened ??= createStore(dbName, objectStoreName));
    return owner(mode, (store) => {
      closeOnVersionChange(store.transaction.db, owner);
      return callback(store);
    });
  };

  /** Runs `work` and gives any failure (including a synchronous throw of `indexedDB.open`) the database's name. */
  async function named<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new Error(`Could not ${action} IndexedDB database \`${dbName}\`: ${errorText(error)}`, { cause: error });
    }
  }

  return {
    async load() {
      const rows = await named('read', () => entries(useStore));
      const loaded: LoadedState = { heart: null, items: [], problems: [] };
      for (const [recordKey, value] of rows) {
        const record = readStoredRecord(recordKey, value);
        if (record.kind === 'heart') loaded.heart = record.heart;
        else if (record.kind === 'item') loaded.items.push(record.item);
        else loaded.problems.push(record.problem);
      }
      return loaded;
    },

    async write(batch) {
      if (!batch.heart && batch.put.length === 0 && batch.delete.length === 0) return;
      // One readwrite transaction for the whole batch (idb-keyval's setMany and delMany would be two), resolved
      // on its `complete` event: only then has it committed. Deletes go first, so a put of the same key wins.
      await named('write to', () =>
        useStore('readwrite', (store) => {
          try {
            for (const key of batch.delete) store.delete(itemRecordKey(key));
            for (const item of batch.put) store.put(toStoredRecord(item), itemRecordKey(item.key));
            if (batch.heart) store.put(toStoredRecord(batch.heart), heartRecordKey);
          } catch (error) {
            // A put that throws (DataCloneError) would otherwise let the puts before it commit on their own.
            store.transaction.abort();
            throw error;
          }
          return promisifyRequest(store.transaction);
        }),
      );
    },
  };
}
