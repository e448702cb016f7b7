/**
 * The worker runtime: what a worker entry calls to host a heartbeat. The default entry uses it with the built-in
 * tasks; an app that wants tasks of its own writes a worker entry that calls it with them.
 *
 * ```ts
 * // my-heartbeat-worker.ts
 * import { exposeHeartBeat, builtInTasks } from 'heartbeat-worker/worker';
 * exposeHeartBeat({ tasks: { ...builtInTasks, refreshInbox: async ({ signal }) => (await fetch('/inbox', { signal })).json() } });
 * ```
 */
import * as Comlink from 'comlink';
import type { TaskRegistry } from '../src/engine/task.ts';
import { createIdbStore } from '../src/storage/idb-store.ts';
import type { HeartBeatStore } from '../src/storage/store.ts';
import { createRealClock } from './real-clock.ts';
import { createWorkerApi } from './worker-api.ts';

export interface ExposeOptions {
  /** Named tasks items can be registered with `registerTask(key, name)`. Default: none. */
  tasks?: TaskRegistry;
  /** Where to listen. Default: the worker's own global scope. */
  endpoint?: Comlink.Endpoint;
  /** Opens persistent storage for `persist: { name }`. Default: IndexedDB through idb-keyval. */
  openStore?: (name: string) => HeartBeatStore;
}

/** Hosts a heartbeat on `endpoint` (the worker itself by default), driven by the real clock. */
export function exposeHeartBeat(options: ExposeOptions = {}): void {
  const api = createWorkerApi({
    tasks: options.tasks ?? {},
    realClock: createRealClock(),
    openStore: options.openStore ?? createIdbStore,
  });
  Comlink.expose(api, options.endpoint ?? (globalThis as unknown as Comlink.Endpoint));
}
