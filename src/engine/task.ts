import type { Metadata, RunSnapshot } from '../protocol.ts';

/**
 * What a worker task receives on each run. Like a main-thread job it may change `metadata`, `modTick`, `maxRuns`
 * and `paused`; the changes are kept when the run ends. `signal` aborts on the item's timeout, on `remove`,
 * `stop` and `close`.
 */
export interface TaskContext extends RunSnapshot {
  metadata: Metadata;
  /** The `input` the item was registered with. */
  readonly input: unknown;
  readonly signal: AbortSignal;
}

/**
 * A function that runs inside the worker on the item's beats. Its return value (structured-cloneable) becomes the
 * item's `lastResult` and travels to the main thread in a `run` event; return {@link unchanged} to record the run
 * without sending anything.
 */
export type WorkerTask = (context: TaskContext) => unknown;

/**
 * What a task may carry as its `checkInput` property: checks the `input` an item is registered with, throwing (a
 * `HeartBeatError` with code `invalid-option`, ideally) to refuse it, so bad input fails at `registerTask` instead
 * of on every run. A property, not part of {@link WorkerTask}, so a plain function stays a task as it is.
 */
export type TaskInputCheck = (input: unknown) => void;

/** Runs the task's `checkInput`, if it has one, on `input`. */
export function checkTaskInput(task: WorkerTask, input: unknown): void {
  const check: unknown = (task as { checkInput?: unknown }).checkInput;
  if (typeof check === 'function') (check as TaskInputCheck)(input);
}

/** Named tasks a worker offers; the main thread registers items by these names. */
export type TaskRegistry = Readonly<Record<string, WorkerTask>>;

/** Returned by a task that ran fine but has nothing new to report (a poll that got 304 Not Modified). */
export const unchanged: unique symbol = Symbol('heartbeat.unchanged');
