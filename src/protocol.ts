/**
 * The whole contract between the main thread and the worker: what the worker exposes through Comlink and every
 * shape that crosses `postMessage`. Types only; nothing else in the library invents a wire shape.
 * Times are epoch milliseconds, because the page and the worker have different `performance.now()` origins.
 */
import type { HeartBeatErrorData } from './heart-beat-error.ts';

/** Anything structured clone keeps (Date, Map, typed arrays …). Functions and DOM nodes are refused. */
export type Metadata = Record<string, unknown>;

/** What an item does when its previous run is still going on a beat it is due. */
export type OverlapPolicy = 'skip' | 'allow';

/** Options an item is registered with; also what `update(key, patch)` may change. */
export interface ItemOptions {
  /** Run on beats where `tick % modTick === 0`; 0 or 1 runs on every beat. Default 0. */
  modTick?: number;
  /** Run at most this many times, then the item is done; 0 means no limit. Default 0. */
  maxRuns?: number;
  /** Register paused. Default false. */
  startPaused?: boolean;
  /** The item's own data, kept between runs (and across reloads with persistence). Default `{}`. */
  metadata?: Metadata;
  /** Abort a run that lasts longer than this, recording a timeout error; 0 means never. Default 0. */
  timeoutMs?: number;
  /** Default `'skip'`: a run still in flight makes the item skip the beat (counted in `skipped`). */
  overlap?: OverlapPolicy;
  /** Worker tasks only: the value handed to the task on every run. Default `undefined`. */
  input?: unknown;
  /** With persistence: ignore the saved state of this key and start it afresh. Default false. */
  reset?: boolean;
}

/** Fields a run, `update()` or `pause()` may change on a registered item. */
export interface ItemPatch {
  modTick?: number;
  maxRuns?: number;
  paused?: boolean;
  metadata?: Metadata;
  timeoutMs?: number;
  overlap?: OverlapPolicy;
}

/** Where an item's function lives: a main-thread function (`main`) or a named task of the worker (`task`). */
export type ItemKind = 'main' | 'task';

export type RegisterRequest =
  | { key: string; kind: 'main'; fnId: number; options: ItemOptions }
  | { key: string; kind: 'task'; task: string; options: ItemOptions };

/** A read-only picture of an item, as `get(key)` returns it. */
export interface ItemSnapshot {
  key: string;
  kind: ItemKind;
  /** Name of the worker task, for `kind: 'task'`. */
  task: string | null;
  modTick: number;
  maxRuns: number;
  paused: boolean;
  /** `maxRuns` reached: the item is listed but never runs again (until `maxRuns` is raised). */
  done: boolean;
  /** Restored from storage but not registered again by the app in this session: kept, never run. */
  dormant: boolean;
  timesRan: number;
  /** Tick of the latest run; 0 before the first. */
  lastTickRan: number;
  /** Beats on which the item was due but skipped because its previous run was still going. */
  skipped: number;
  /** Runs in flight right now. */
  inFlight: number;
  errorCount: number;
  /** Message of the latest failure, `null` if none yet. */
  lastError: string | null;
  /** Return value of the latest successful worker-task run (`undefined` for main-thread functions). */
  lastResult: unknown;
  metadata: Metadata;
  timeoutMs: number;
  overlap: OverlapPolicy;
  input: unknown;
}

/** What a run's function sees of its item when it starts. */
export interface RunSnapshot {
  key: string;
  tick: number;
  timesRan: number;
  lastTickRan: number;
  modTick: number;
  maxRuns: number;
  paused: boolean;
  metadata: Metadata;
}

/** A main-thread function the worker asks the client to run on this beat. */
export interface DueRun {
  runId: number;
  fnId: number;
  context: RunSnapshot;
}

/** How a run ended, reported back by whoever ran it. */
export type RunOutcome =
  | { ok: true; value?: unknown; durationMs: number }
  | { ok: false; error: string; timedOut: boolean; durationMs: number };

/** Events the worker sends; one `beat` event per beat, carrying every main-thread run due on it. */
export type WorkerEvent =
  | { type: 'beat'; tick: number; missed: number; scheduledAt: number; firedAt: number; due: DueRun[] }
  | { type: 'run'; key: string; tick: number; runId: number; outcome: RunOutcome }
  | { type: 'abort'; runId: number; reason: 'timeout' | 'removed' | 'stopped' | 'closed'; message: string }
  | { type: 'persistence-error'; reason: string };

/** The heartbeat as a whole. */
export interface HeartBeatStatus {
  running: boolean;
  intervalMs: number;
  tick: number;
  keys: string[];
}

/** Options the client sends once, when it connects. */
export interface ConnectOptions {
  intervalMs: number;
  /** Namespace for IndexedDB, or null for no persistence. */
  persistName: string | null;
  /** How long changes may wait before one IndexedDB transaction writes them. */
  flushWindowMs: number;
  /** `'manual'`: beats happen only when `advance()` is called (deterministic tests). */
  clock: 'real' | 'manual';
}

/** Worker methods answer with values, never throw, so the error `code` survives the trip. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: HeartBeatErrorData };

/** What the worker exposes with `Comlink.expose`. Commands are applied in the order they are called. */
export interface HeartBeatWorkerApi {
  connect(options: ConnectOptions, onEvent: (event: WorkerEvent) => void): Promise<WireResult<HeartBeatStatus>>;
  /** `requestedAt`: epoch ms when the app called `start()`, so the beats are timed from the call, not its arrival. */
  start(requestedAt?: number): Promise<WireResult<void>>;
  stop(): Promise<WireResult<void>>;
  changeInterval(intervalMs: number): Promise<WireResult<void>>;
  register(request: RegisterRequest): Promise<WireResult<ItemSnapshot>>;
  remove(key: string): Promise<WireResult<boolean>>;
  pause(key: string): Promise<WireResult<void>>;
  unPause(key: string): Promise<WireResult<void>>;
  update(key: string, patch: ItemPatch): Promise<WireResult<ItemSnapshot>>;
  get(key: string): Promise<WireResult<ItemSnapshot | undefined>>;
  list(): Promise<WireResult<ItemSnapshot[]>>;
  status(): Promise<WireResult<HeartBeatStatus>>;
  finishRun(key: string, runId: number, outcome: RunOutcome, patch: ItemPatch): Promise<WireResult<void>>;
  /** Manual clock only: let `beats` intervals pass; resolves when those beats were processed. */
  advance(beats: number): Promise<WireResult<number>>;
  flush(): Promise<WireResult<void>>;
  close(): Promise<WireResult<void>>;
}
