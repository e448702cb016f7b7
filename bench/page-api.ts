/**
 * What the bench page exposes as `window.bench` and every raw record it hands back to the runner. Types only, so
 * the page and the Node runner agree on one shape. Every time is epoch milliseconds read on the page's main thread
 * (`performance.timeOrigin + performance.now()`), because the beats come from three different threads.
 */

/** The four beat sources measured side by side. */
export type TimerSourceName = 'heartbeat' | 'main-interval' | 'worker-timers' | 'naive-worker';

/** Every source, in the order tables list them; the heartbeat first, as the reference of every ratio. */
export const timerSourceNames: readonly TimerSourceName[] = ['heartbeat', 'main-interval', 'worker-timers', 'naive-worker'];

/** The beats one source delivered at one interval. */
export interface BeatLog {
  source: TimerSourceName;
  intervalMs: number;
  /** When the page asked the source to start: beat `n` is ideally due at `startedAt + n × intervalMs`. */
  startedAt: number;
  /**
   * Which beat each arrival is: the heartbeat's tick for the heartbeat (it knows which beat it is, even after
   * missed ones), the arrival count for the others (a timer callback carries no beat number).
   */
  beatIndex: number[];
  /** When each beat reached the page's main thread. */
  arrivedAt: number[];
  /**
   * When each beat fired on the thread that timed it, for sources that say (the heartbeat's `beat` event
   * `firedAt`, the naive worker's own stamp); `null` where it is unknown. Splits lateness into the timer's and
   * the delivery to the page.
   */
  firedAt: (number | null)[];
  /**
   * What the source itself counted, for the heartbeat: `missedBeats` (sum of the beat events' `missed`: beats
   * that passed while its worker could not run) and `skippedRuns` (the item's `skipped`: beats on which its
   * previous run was not yet reported finished). Empty for the others.
   */
  counters: Record<string, number>;
}

/** One `visibilitychange` the page saw. */
export interface VisibilityChange {
  state: DocumentVisibilityState;
  at: number;
}

/** Everything the timing part of the page recorded. */
export interface TimingRecords {
  logs: BeatLog[];
  visibility: VisibilityChange[];
}

/** How the persistence part runs. */
export interface PersistencePlan {
  /** Items saved and restored. */
  itemCount: number;
  /** Flushes of all `itemCount` items, and restores of them, each timed. */
  repetitions: number;
  /** Items changed per transaction in the throughput test, one test per entry. */
  throughputBatchSizes: number[];
  /** How long each throughput test keeps flushing. */
  throughputDurationMs: number;
}

/** Raw persistence figures, in milliseconds. */
export interface PersistenceRecords {
  itemCount: number;
  /** One per repetition; the first writes into an empty store, the later ones overwrite. */
  flushMs: number[];
  /** Reading every saved record back (`loadSaved` on a fresh connection), per repetition. */
  loadMs: number[];
  /** Rebuilding the engine's items from what was read (`engine.restore`), per repetition. */
  engineRestoreMs: number[];
  throughput: { batchSize: number; transactions: number; elapsedMs: number }[];
  /** `persistence-error` reasons; any entry makes the figures suspect. */
  errors: string[];
}

/** `window.bench`, driven by the runner through `page.evaluate`. */
export interface BenchPageApi {
  /** Starts every source at every interval; resolves once all are beating. */
  startTiming(intervalsMs: number[]): Promise<void>;
  /** Stops every source and returns what they recorded. */
  stopTiming(): Promise<TimingRecords>;
  /** Runs the persistence measurements in a dedicated worker, as the library's worker does. */
  runPersistence(plan: PersistencePlan): Promise<PersistenceRecords>;
}
