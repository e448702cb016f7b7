/**
 * heartbeat-worker/worker: the runtime for a worker entry of your own, when the app needs worker tasks beyond the
 * built-in `poll`. Everything a custom worker entry imports is named here; the main thread never imports this.
 *
 * ```ts
 * // my-heartbeat-worker.ts
 * import { builtInTasks, exposeHeartBeat, unchanged } from 'heartbeat-worker/worker';
 * exposeHeartBeat({ tasks: { ...builtInTasks, countInbox: async ({ signal }) => (await fetch('/inbox', { signal })).json() } });
 *
 * // main thread
 * new HeartBeat({ worker: () => new Worker(new URL('./my-heartbeat-worker.ts', import.meta.url), { type: 'module' }) });
 * ```
 */
export { exposeHeartBeat } from './runtime.ts';
export type { ExposeOptions } from './runtime.ts';
export { builtInTasks } from '../src/tasks/built-in-tasks.ts';
export { pollTask } from '../src/tasks/poll-task.ts';
export type { PollEmit, PollInput, PollMethod, PollResponseType, PollResult, PollState } from '../src/tasks/poll-task.ts';
export { unchanged } from '../src/engine/task.ts';
export type { TaskContext, TaskInputCheck, TaskRegistry, WorkerTask } from '../src/engine/task.ts';
export type { HeartBeatStore, LoadedState, WriteBatch } from '../src/storage/store.ts';
export type { SavedHeartState } from '../src/engine/engine.ts';
export type { SavedItemState } from '../src/engine/item-record.ts';
export type { Metadata, RunSnapshot } from '../src/protocol.ts';
