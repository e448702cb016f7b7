/**
 * The main-thread heartbeat. The beat itself runs in a dedicated worker (so a hidden or throttled tab does not stall
 * it); this class checks arguments before anything crosses the wire, keeps the table of main-thread job functions,
 * runs the ones the worker says are due (one message per beat), and turns worker replies into values and errors.
 */
import * as Comlink from 'comlink';
import { HeartBeatError, describeValue, expected } from './heart-beat-error.ts';
import { EventHub, type HeartBeatEventName, type HeartBeatListener } from './heart-beat-events.ts';
import { HeartBeatItem, type JobFunction, type RunContext, bindItem, isBound, syncItem } from './heart-beat-item.ts';
import type { DueRun, ItemOptions, ItemPatch, ItemSnapshot, RunOutcome, WorkerEvent } from './protocol.ts';
import { checkedPatchFromRun } from './run-patch.ts';
import { spawnDefaultWorker } from './spawn-default-worker.ts';
import { checkCloneable, checkCount, checkInterval, checkItemOptions, checkKey, checkOneOf, checkPatch, isObject } from './validate.ts';
import { type WorkerLike, type WorkerLink, createWorkerLink } from './worker-link.ts';

/** Options of `new HeartBeat(...)`. */
export interface HeartBeatOptions {
  /** Milliseconds between beats. Default 5000, as in the seed. */
  intervalDelta?: number;
  /**
   * Keep item state in IndexedDB across reloads. `true` uses the name `default`; `{ name }` namespaces it so two
   * heartbeats on one origin never mix. Default false.
   */
  persist?: boolean | { name: string; flushWindowMs?: number };
  /**
   * Starts the worker (or returns any Comlink endpoint). Default: the library's own worker. Pass your own to add
   * worker tasks: `() => new Worker(new URL('./my-worker.ts', import.meta.url), { type: 'module' })`.
   */
  worker?: () => WorkerLike;
  /** `'manual'`: beats happen only when `advance()` is called, for deterministic tests. Default `'real'`. */
  clock?: 'real' | 'manual';
}

/** Registration options of a worker task item. */
export type TaskItemOptions = Omit<ItemOptions, 'reset'> & { reset?: boolean };

interface Job {
  key: string;
  func: JobFunction;
  item: HeartBeatItem | null;
}

let nextFnId = 1;

/** How long the worker has to answer its first call before every call fails with `worker-failed`. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long `close()` waits for the worker to stop and save before terminating it anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

function checkOptions(options: HeartBeatOptions): void {
  if (!isObject(options)) throw expected('options', 'an object', options);
  const { intervalDelta, persist, worker, clock } = options;
  if (intervalDelta !== undefined) checkInterval(intervalDelta);
  if (persist !== undefined && typeof persist !== 'boolean') {
    if (!isObject(persist) || typeof persist.name !== 'string' || persist.name === '') {
      throw expected('persist', 'a boolean or { name: non-empty string }', persist);
    }
    if (persist.flushWindowMs !== undefined) checkInterval(persist.flushWindowMs, 'persist.flushWindowMs');
  }
  if (worker !== undefined && typeof worker !== 'function') {
    throw expected('worker', 'a function that returns a Worker', worker);
  }
  if (clock !== undefined) checkOneOf('clock', clock, ['real', 'manual']);
}

export class HeartBeat {
  readonly #link: WorkerLink;
  readonly #events = new EventHub();
  readonly #jobs = new Map<number, Job>();
  /** Main-thread runs in flight, by run id, so the worker can abort them. */
  readonly #runs = new Map<
    number,
    { controller: AbortController; key: string; tick: number; startedAt: number; settled: Promise<void> }
  >();
  readonly #persisting: boolean;
  readonly #ready: Promise<unknown>;
  #lastTick = 0;
  #closed = false;
  readonly #onPageHide = () => {
    if (document.visibilityState === 'hidden') this.flush().catch(() => undefined);
  };

  /** Starts the worker at once; the beat starts with {@link start}. Throws {@link HeartBeatError} on bad options. */
  constructor(options: HeartBeatOptions = {}) {
    checkOptions(options);
    const intervalMs = options.intervalDelta ?? 5000;
    const persist = options.persist ?? false;
    const persistName = persist === false ? null : persist === true ? 'default' : persist.name;
    const flushWindowMs = typeof persist === 'object' ? (persist.flushWindowMs ?? 1000) : 1000;
    this.#persisting = persistName !== null;
    const endpoint: unknown = (options.worker ?? spawnDefaultWorker)();
    if (!isObject(endpoint) || typeof endpoint.postMessage !== 'function' || typeof endpoint.addEventListener !== 'function') {
      throw new HeartBeatError(
        'invalid-option',
        `Expected \`worker\` to return a Worker (or another Comlink endpoint), got ${describeValue(endpoint)}`,
      );
    }
    this.#link = createWorkerLink(endpoint as unknown as WorkerLike);
    // The callback proxy must stay alive for the heartbeat's life: a released proxy closes its port.
    const onEvent = Comlink.proxy((event: WorkerEvent) => this.#onWorkerEvent(event));
    this.#ready = this.#link.call(
      'connect',
      { intervalMs, persistName, flushWindowMs, clock: options.clock ?? 'real' },
      onEvent as unknown as (event: WorkerEvent) => void,
    );
    // Comlink leaves a call pending forever when nothing answers (a worker entry that never calls
    // exposeHeartBeat, or calls it after an `await`): fail the link instead, so every call rejects.
    const connectTimer = setTimeout(() => {
      this.#link.close(
        new HeartBeatError(
          'worker-failed',
          `Heartbeat worker did not answer within ${CONNECT_TIMEOUT_MS} ms: does its entry call exposeHeartBeat() at the top level, before any await?`,
        ),
      );
    }, CONNECT_TIMEOUT_MS);
    const connected = () => clearTimeout(connectTimer);
    this.#ready.then(connected, connected);
    if (this.#persisting && typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this.#onPageHide);
      addEventListener('pagehide', this.#onPageHide);
    }
  }

  /** Starts beating; tick 1 comes one interval later. A restart continues the tick count. */
  start(): Promise<void> {
    // Epoch ms, comparable across threads (each has its own performance.now() origin).
    return this.#call('start', performance.timeOrigin + performance.now());
  }

  /** Stops beating and aborts runs in flight. */
  stop(): Promise<void> {
    return this.#call('stop');
  }

  /** Changes the interval; the next beat comes one new interval from now. */
  async changeInterval(delta: number): Promise<void> {
    checkInterval(delta, 'delta');
    return this.#call('changeInterval', delta);
  }

  /**
   * Registers a job under `key`: a function (runs on every beat) or a {@link HeartBeatItem}. Rejects with a
   * {@link HeartBeatError} (`invalid-key`, `duplicate-key`, `invalid-job`, `invalid-option`, `not-cloneable`)
   * and registers nothing if the input is bad.
   */
  async register(key: string, job: JobFunction | HeartBeatItem, options: ItemOptions = {}): Promise<ItemSnapshot> {
    checkKey(key);
    let itemOptions: ItemOptions;
    let func: JobFunction;
    let item: HeartBeatItem | null = null;
    if (job instanceof HeartBeatItem) {
      if (isBound(job)) {
        throw new HeartBeatError('invalid-job', `This HeartBeatItem is already registered under \`key\` ${describeValue(job.key)}`);
      }
      if (!isObject(options) || Object.keys(options).length > 0) {
        throw new HeartBeatError(
          'invalid-option',
          `A HeartBeatItem carries its own options: set them in \`new HeartBeatItem({...})\`, got ${describeValue(options)} as well`,
        );
      }
      item = job;
      const bound = job;
      func = () => bound.func(bound);
      itemOptions = {
        modTick: job.modTick,
        maxRuns: job.maxRuns,
        startPaused: job.paused,
        metadata: job.metadata,
        timeoutMs: job.timeoutMs,
        overlap: job.overlap,
        reset: job.reset,
      };
    } else if (typeof job === 'function') {
      func = job;
      itemOptions = options;
    } else {
      throw expected('job', 'a function or a HeartBeatItem', job, 'invalid-job');
    }
    checkItemOptions(itemOptions);
    if (itemOptions.input !== undefined) {
      throw new HeartBeatError('invalid-option', '`input` is for worker tasks (registerTask); a main-thread function closes over its data');
    }
    const fnId = nextFnId++;
    this.#jobs.set(fnId, { key, func, item });
    if (item) this.#bind(item, key);
    try {
      const snapshot = await this.#call('register', { key, kind: 'main', fnId, options: itemOptions });
      if (item) syncItem(item, snapshot);
      return snapshot;
    } catch (error) {
      this.#jobs.delete(fnId);
      if (item) bindItem(item, null);
      throw error;
    }
  }

  /**
   * Registers an item that runs the worker task `task` (a name the worker offers, such as the built-in `'poll'`).
   * It runs in the worker, so it keeps going while the main thread is busy or the tab hidden.
   */
  async registerTask(key: string, task: string, options: TaskItemOptions = {}): Promise<ItemSnapshot> {
    checkKey(key);
    if (typeof task !== 'string' || task === '') throw expected('task', 'a task name', task, 'invalid-job');
    checkItemOptions(options);
    return this.#call('register', { key, kind: 'task', task, options });
  }

  /** Removes the item (registered or dormant) and its saved state; resolves false if there was none. */
  async remove(key: string): Promise<boolean> {
    checkKey(key);
    // The functions registered under `key` now, not when the answer comes: a register() of the same key made
    // right after this call (without awaiting) must keep its new function. Their items are let go at once, so the
    // same HeartBeatItem can be registered again without awaiting; the functions stay until the answer, for beats
    // the worker sent before it applied the remove.
    const fnIds: number[] = [];
    for (const [fnId, job] of this.#jobs) {
      if (job.key !== key) continue;
      fnIds.push(fnId);
      if (job.item) bindItem(job.item, null);
    }
    const removed = await this.#call('remove', key);
    for (const fnId of fnIds) this.#jobs.delete(fnId);
    return removed;
  }

  /** Whether `key` is registered (dormant saved items are not). */
  async exists(key: string): Promise<boolean> {
    checkKey(key);
    return (await this.keys()).includes(key);
  }

  /** Registered keys, in registration order. */
  async keys(): Promise<string[]> {
    return (await this.#call('status')).keys;
  }

  /** Beats since the first start. */
  async currentTick(): Promise<number> {
    return (await this.#call('status')).tick;
  }

  /** Whether the heartbeat is beating, its interval, tick and keys. */
  status(): Promise<{ running: boolean; intervalMs: number; tick: number; keys: string[] }> {
    return this.#call('status');
  }

  async pause(key: string): Promise<void> {
    return this.#patch(key, { paused: true }).then(() => undefined);
  }

  async unPause(key: string): Promise<void> {
    return this.#patch(key, { paused: false }).then(() => undefined);
  }

  /** Alias of {@link unPause}. */
  resume(key: string): Promise<void> {
    return this.unPause(key);
  }

  /** Changes `modTick`, `maxRuns`, `paused`, `metadata`, `timeoutMs` or `overlap` of a registered item. */
  async update(key: string, patch: ItemPatch): Promise<ItemSnapshot> {
    return this.#patch(key, patch);
  }

  /** A snapshot of the item's state, or undefined. */
  async get(key: string): Promise<ItemSnapshot | undefined> {
    checkKey(key);
    return this.#call('get', key);
  }

  /** Snapshots of every item, dormant saved ones included. */
  list(): Promise<ItemSnapshot[]> {
    return this.#call('list');
  }

  /** Writes pending state to IndexedDB now; resolves once it has committed. */
  flush(): Promise<void> {
    return this.#call('flush');
  }

  /**
   * With `clock: 'manual'`: lets `beats` intervals pass, one beat at a time. By default it waits after each beat for
   * the main-thread jobs due on it to finish, so their changes (a new `modTick`, metadata) count on the next beat;
   * pass `{ settle: false }` to let time pass over jobs that hang. Resolves with the tick reached.
   */
  async advance(beats = 1, options: { settle?: boolean } = {}): Promise<number> {
    checkCount('beats', beats);
    if (!isObject(options)) throw expected('options', 'an object', options);
    const { settle = true } = options;
    if (typeof settle !== 'boolean') throw expected('settle', 'a boolean', settle);
    let tick = await this.currentTick();
    for (let i = 0; i < beats; i++) {
      const reached = await this.#call('advance', 1);
      // A stopped heartbeat does not beat, and then there is no beat event to wait for.
      if (reached > tick) await this.#beatDelivered(reached);
      tick = reached;
      if (settle) await Promise.all([...this.#runs.values()].map((run) => run.settled));
    }
    return tick;
  }

  /** Listens to `beat`, `run`, `error` or `persistence-error`; returns the function that stops listening. */
  on<N extends HeartBeatEventName>(name: N, listener: HeartBeatListener<N>): () => void {
    checkOneOf<HeartBeatEventName>('name', name, ['beat', 'run', 'error', 'persistence-error']);
    if (typeof listener !== 'function') throw expected('listener', 'a function', listener);
    if (this.#closed) throw new HeartBeatError('closed', 'This heartbeat was closed');
    return this.#events.on(name, listener);
  }

  /** Stops, saves pending state, terminates the worker. Later calls reject with code `closed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#persisting && typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this.#onPageHide);
      removeEventListener('pagehide', this.#onPageHide);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new HeartBeatError(
      'worker-failed',
      `Heartbeat worker did not answer close() within ${CLOSE_TIMEOUT_MS} ms; it was terminated without saving pending state`,
    );
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(stuck), CLOSE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.#link.call('close'), timedOut]);
    } catch (error) {
      // A worker that already died has nothing left to close; the cleanup below is all there is to do. One that
      // hangs (a task stuck in a loop) is terminated all the same, and the caller learns its state was not saved.
      if (error === stuck || !(error instanceof HeartBeatError && error.code === 'worker-failed')) throw error;
    } finally {
      clearTimeout(timer);
      for (const run of this.#runs.values()) run.controller.abort(new HeartBeatError('aborted', 'Run aborted: the heartbeat was closed'));
      this.#link.close(new HeartBeatError('closed', 'This heartbeat was closed'));
      this.#events.clear();
    }
  }

  #call: WorkerLink['call'] = (method, ...args) => {
    if (this.#closed && method !== 'close') {
      return Promise.reject(new HeartBeatError('closed', 'This heartbeat was closed'));
    }
    return this.#link.call(method, ...args);
  };

  async #patch(key: string, patch: ItemPatch): Promise<ItemSnapshot> {
    checkKey(key);
    checkPatch(patch);
    const snapshot = await this.#call('update', key, patch);
    const job = this.#jobFor(key);
    if (job?.item) syncItem(job.item, snapshot);
    return snapshot;
  }

  #bind(item: HeartBeatItem, key: string): void {
    bindItem(item, {
      key,
      pause: () => this.pause(key),
      unPause: () => this.unPause(key),
    });
  }

  /** The latest function registered under `key` (an earlier one may wait for its remove() to be answered). */
  #jobFor(key: string): Job | undefined {
    let found: Job | undefined;
    for (const job of this.#jobs.values()) if (job.key === key) found = job;
    return found;
  }

  #beatWaiters = new Map<number, () => void>();

  /** Resolves once the beat event for `tick` (or a later one) has been handled. */
  #beatDelivered(tick: number): Promise<void> {
    if (this.#lastTick >= tick) return Promise.resolve();
    return new Promise((resolve) => this.#beatWaiters.set(tick, resolve));
  }

  #onWorkerEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'beat': {
        const { type: _type, due, ...beat } = event;
        const { tick } = beat;
        this.#lastTick = tick;
        for (const run of due) this.#runJob(run);
        this.#events.emit('beat', beat);
        for (const [waitTick, resolve] of this.#beatWaiters) {
          if (waitTick <= tick) {
            this.#beatWaiters.delete(waitTick);
            resolve();
          }
        }
        return;
      }
      case 'abort': {
        const run = this.#runs.get(event.runId);
        if (!run) return;
        this.#runs.delete(event.runId);
        run.controller.abort(new HeartBeatError(event.reason === 'timeout' ? 'timeout' : 'aborted', event.message));
        if (event.reason === 'timeout') {
          const durationMs = performance.now() - run.startedAt;
          this.#emitRun(run.key, run.tick, { ok: false, error: event.message, timedOut: true, durationMs });
        }
        return;
      }
      case 'run': {
        this.#emitRun(event.key, event.tick, event.outcome);
        return;
      }
      case 'persistence-error':
        this.#events.emit('persistence-error', { reason: event.reason });
        return;
    }
  }

  #emitRun(key: string, tick: number, outcome: RunOutcome): void {
    if (outcome.ok) {
      this.#events.emit('run', { key, tick, ok: true, value: outcome.value, timedOut: false, durationMs: outcome.durationMs });
      return;
    }
    const { error, timedOut, durationMs } = outcome;
    this.#events.emit('run', { key, tick, ok: false, error, timedOut, durationMs });
    this.#events.emit('error', { key, tick, error, timedOut });
  }

  /** Runs one due main-thread job and reports how it ended. Never throws: the beat must go on. */
  #runJob(due: DueRun): void {
    const job = this.#jobs.get(due.fnId);
    const { key, tick } = due.context;
    const controller = new AbortController();
    let context: RunContext;
    if (job?.item) {
      HeartBeatItem.beginRun(job.item, due.context, controller.signal);
      context = job.item;
    } else {
      context = { ...due.context, signal: controller.signal };
    }
    const startedAt = performance.now();
    const run = { controller, key, tick, startedAt, settled: Promise.resolve() };
    // Registered before the job starts, so the worker can abort it and an early failure finds its own record.
    this.#runs.set(due.runId, run);
    run.settled = (async () => {
      let outcome: RunOutcome;
      try {
        if (!job) throw new Error(`No function is registered on this page for ${JSON.stringify(key)}`);
        await job.func(context);
        outcome = { ok: true, durationMs: performance.now() - startedAt };
      } catch (error) {
        const message = error instanceof Error ? error.message || error.name : String(error);
        outcome = { ok: false, error: message, timedOut: false, durationMs: performance.now() - startedAt };
      }
      // The worker already ended a run it aborted (timeout, remove, stop); its late result is not reported.
      const aborted = !this.#runs.has(due.runId);
      this.#runs.delete(due.runId);
      const { patch, invalid } = checkedPatchFromRun(due.context, context);
      if (invalid !== null && outcome.ok) outcome = { ok: false, error: invalid, timedOut: false, durationMs: outcome.durationMs };
      if (aborted) return;
      const finished = this.#call('finishRun', key, due.runId, outcome, patch);
      // The item's own fields hold the changes the worker just refused: take the worker's view back.
      if (invalid !== null && job?.item) {
        const item = job.item;
        finished
          .then(() => this.#call('get', key))
          .then((snapshot) => snapshot && this.#jobs.get(due.fnId)?.item === item && syncItem(item, snapshot))
          .catch(() => undefined);
      }
      finished.catch(() => undefined);
      this.#emitRun(key, tick, outcome);
    })();
  }
}
