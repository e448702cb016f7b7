/**
 * The seed's `HeartBeatItem`: a job with its own state. Construct it with the seed's options, register it, and the
 * heartbeat keeps these fields up to date; on each run the item itself is the context its `func` receives, so the
 * seed's `context.modTick *= 2` works unchanged.
 */
import { HeartBeatError, expected } from './heart-beat-error.ts';
import type { Metadata, OverlapPolicy, RunSnapshot } from './protocol.ts';
import { checkItemOptions, isObject } from './validate.ts';

/** What every job's function receives: the item's state at the start of the run, and a signal to stop early. */
export interface RunContext {
  /** The item's key. */
  readonly key: string;
  /** The beat this run belongs to. */
  readonly tick: number;
  readonly timesRan: number;
  readonly lastTickRan: number;
  /** The job may change these four; the changes are kept when the run ends. */
  modTick: number;
  maxRuns: number;
  paused: boolean;
  metadata: Metadata;
  /** Aborts on the item's timeout, on `remove`, `stop` and `close`. */
  readonly signal: AbortSignal;
}

/** A job function. It may return a promise; its value is ignored, a throw or rejection is recorded. */
export type JobFunction = (context: RunContext) => unknown;

/** The seed's constructor options, plus the run settings every item has. */
export interface HeartBeatItemOptions {
  func: (context: HeartBeatItem) => unknown;
  /** Default 0: every beat. */
  modTick?: number;
  /** Default false. */
  startPaused?: boolean;
  /** Default 0: no limit. */
  maxRuns?: number;
  /** Default `{}`. */
  metadata?: Metadata;
  /** Default 0: never time out. */
  timeoutMs?: number;
  /** Default `'skip'`. */
  overlap?: OverlapPolicy;
  /** With persistence: start afresh instead of continuing saved state. Default false. */
  reset?: boolean;
}

/** How a registered item reaches its heartbeat; set by `HeartBeat.register`. */
export interface ItemBinding {
  key: string;
  pause(): Promise<void>;
  unPause(): Promise<void>;
}

const bindings = new WeakMap<HeartBeatItem, ItemBinding>();

export class HeartBeatItem implements RunContext {
  func: (context: HeartBeatItem) => unknown;
  modTick: number;
  timesRan = 0;
  maxRuns: number;
  paused: boolean;
  metadata: Metadata;
  lastTickRan = 0;
  timeoutMs: number;
  overlap: OverlapPolicy;
  /** Start afresh rather than continue saved state. */
  readonly reset: boolean;
  #tick = 0;
  #signal: AbortSignal = new AbortController().signal;

  constructor(options: HeartBeatItemOptions) {
    if (!isObject(options)) throw expected('options', 'an object', options, 'invalid-job');
    if (typeof options.func !== 'function') throw expected('func', 'a function', options.func, 'invalid-job');
    const { func, ...rest } = options;
    // `input` is for worker tasks; a HeartBeatItem's function closes over its own data.
    checkItemOptions({ ...rest, input: undefined });
    if ((rest as { input?: unknown }).input !== undefined) {
      throw new HeartBeatError('invalid-option', `Expected \`options\` to have only the fields of a HeartBeatItem, got \`"input"\` (string): input is for worker tasks (registerTask)`);
    }
    this.func = func;
    this.modTick = options.modTick ?? 0;
    this.maxRuns = options.maxRuns ?? 0;
    this.paused = options.startPaused ?? false;
    this.metadata = options.metadata ?? {};
    this.timeoutMs = options.timeoutMs ?? 0;
    this.overlap = options.overlap ?? 'skip';
    this.reset = options.reset ?? false;
  }

  /** The key it is registered under; `''` while it is not registered. */
  get key(): string {
    return bindings.get(this)?.key ?? '';
  }

  /** The tick of the current (or latest) run. */
  get tick(): number {
    return this.#tick;
  }

  /** The current run's signal. */
  get signal(): AbortSignal {
    return this.#signal;
  }

  /** Pauses the item; once registered, resolves when the worker has applied it. */
  pause(): Promise<void> {
    this.paused = true;
    return bindings.get(this)?.pause() ?? Promise.resolve();
  }

  /** Resumes the item; once registered, resolves when the worker has applied it. */
  unPause(): Promise<void> {
    this.paused = false;
    return bindings.get(this)?.unPause() ?? Promise.resolve();
  }

  /** Alias of {@link unPause}. */
  resume(): Promise<void> {
    return this.unPause();
  }

  /** @internal Takes the worker's view of the item before a run. */
  static beginRun(item: HeartBeatItem, snapshot: RunSnapshot, signal: AbortSignal): void {
    item.#tick = snapshot.tick;
    item.#signal = signal;
    syncItem(item, snapshot);
  }
}

/** @internal Copies the worker's view of an item into its fields. */
export function syncItem(
  item: HeartBeatItem,
  state: Pick<RunSnapshot, 'timesRan' | 'lastTickRan' | 'modTick' | 'maxRuns' | 'paused' | 'metadata'>,
): void {
  item.timesRan = state.timesRan;
  item.lastTickRan = state.lastTickRan;
  item.modTick = state.modTick;
  item.maxRuns = state.maxRuns;
  item.paused = state.paused;
  item.metadata = state.metadata;
}

/** @internal */
export function bindItem(item: HeartBeatItem, binding: ItemBinding | null): void {
  if (binding) bindings.set(item, binding);
  else bindings.delete(item);
}

/** @internal */
export function isBound(item: HeartBeatItem): boolean {
  return bindings.has(item);
}
