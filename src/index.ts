/**
 * heartbeat-worker: a background heartbeat for browser apps. Everything the main thread imports is named here.
 */
export { HeartBeat } from './heart-beat.ts';
export type { HeartBeatOptions, TaskItemOptions } from './heart-beat.ts';
export { HeartBeatItem } from './heart-beat-item.ts';
export type { HeartBeatItemOptions, JobFunction, RunContext } from './heart-beat-item.ts';
export { HeartBeatError } from './heart-beat-error.ts';
export type { HeartBeatErrorCode } from './heart-beat-error.ts';
export type { HeartBeatEventName, HeartBeatEvents, HeartBeatListener } from './heart-beat-events.ts';
export type { ItemOptions, ItemPatch, ItemSnapshot, Metadata, OverlapPolicy } from './protocol.ts';
export type { WorkerLike } from './worker-link.ts';
