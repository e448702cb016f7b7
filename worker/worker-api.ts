/**
 * The object the worker exposes: the engine wrapped so that every call answers with a value (errors included, so
 * their `code` survives Comlink) and calls apply strictly in the order they arrive.
 */
import { HeartBeatError } from '../src/heart-beat-error.ts';
import type { Clock } from '../src/engine/clock.ts';
import { type Engine, createEngine } from '../src/engine/engine.ts';
import { type ManualClock, createManualClock } from '../src/engine/manual-clock.ts';
import type { TaskRegistry } from '../src/engine/task.ts';
import type { ConnectOptions, HeartBeatWorkerApi, WireResult, WorkerEvent } from '../src/protocol.ts';
import type { HeartBeatStore } from '../src/storage/store.ts';
import { checkCount } from '../src/validate.ts';
import { type Persistence, openPersistence } from './persistence.ts';
import { createSerialQueue } from './serial-queue.ts';

export interface WorkerApiDeps {
  /** Tasks items can be registered by name. */
  tasks: TaskRegistry;
  /** The clock for `clock: 'real'`. */
  realClock: Clock;
  /** Opens the store for `persist`; the worker entry passes the IndexedDB one. */
  openStore: (name: string) => HeartBeatStore;
}

function ok<T>(value: T): WireResult<T> {
  return { ok: true, value };
}

function fail(error: unknown): WireResult<never> {
  if (error instanceof HeartBeatError) return { ok: false, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'worker-failed', message } };
}

export function createWorkerApi(deps: WorkerApiDeps): HeartBeatWorkerApi {
  const enqueue = createSerialQueue();
  let engine: Engine | null = null;
  let manualClock: ManualClock | null = null;
  let persistence: Persistence | null = null;

  function connected(): Engine {
    if (!engine) throw new HeartBeatError('closed', 'The heartbeat worker is not connected (or was closed)');
    return engine;
  }

  /** Queues a step and turns its outcome, value or error, into a wire result. */
  function apply<T>(step: (engine: Engine) => T | Promise<T>): Promise<WireResult<T>> {
    return enqueue(async () => {
      try {
        return ok(await step(connected()));
      } catch (error) {
        return fail(error);
      }
    });
  }

  async function connect(options: ConnectOptions, onEvent: (event: WorkerEvent) => void) {
    if (engine) throw new HeartBeatError('closed', 'This heartbeat worker is already connected');
    const emit = (event: WorkerEvent) => {
      // A Comlink callback returns a promise; one that rejects (the page went away) must not become an
      // unhandled rejection in the worker.
      Promise.resolve(onEvent(event)).catch(() => undefined);
    };
    manualClock = options.clock === 'manual' ? createManualClock(deps.realClock.now()) : null;
    const clock = manualClock ?? deps.realClock;
    let current: Engine | null = null;
    if (options.persistName !== null) {
      persistence = await openPersistence({
        store: deps.openStore(options.persistName),
        // Flushes follow real time even when beats are driven by hand.
        clock: deps.realClock,
        flushWindowMs: options.flushWindowMs,
        source: {
          exportHeart: () => current!.exportHeart(),
          exportItem: (key) => current!.exportItem(key),
        },
        onError: (reason) => emit({ type: 'persistence-error', reason }),
      });
    }
    current = createEngine({
      clock,
      emit,
      intervalMs: options.intervalMs,
      tasks: deps.tasks,
      changes: persistence?.changes,
    });
    if (persistence) current.restore(persistence.saved.heart, persistence.saved.items);
    engine = current;
    return current.status();
  }

  return {
    connect: (options, onEvent) =>
      enqueue(async () => {
        try {
          return ok(await connect(options, onEvent));
        } catch (error) {
          return fail(error);
        }
      }),
    start: (requestedAt) => apply((e) => e.start(requestedAt)),
    // Saved at once, not a flush window later: a stop often comes right before a reload, and must survive it.
    stop: () =>
      apply(async (e) => {
        e.stop();
        await persistence?.flush();
      }),
    changeInterval: (intervalMs) => apply((e) => e.changeInterval(intervalMs)),
    register: (request) => apply((e) => e.register(request)),
    remove: (key) => apply((e) => e.remove(key)),
    pause: (key) => apply((e) => e.pause(key)),
    unPause: (key) => apply((e) => e.unPause(key)),
    update: (key, patch) => apply((e) => e.update(key, patch)),
    get: (key) => apply((e) => e.get(key)),
    list: () => apply((e) => e.list()),
    status: () => apply((e) => e.status()),
    finishRun: (key, runId, outcome, patch) => apply((e) => e.finishRun(key, runId, outcome, patch)),
    advance: (beats) =>
      apply(async (e) => {
        if (!manualClock) {
          throw new HeartBeatError('invalid-option', "`advance()` needs a heartbeat created with `clock: 'manual'`");
        }
        checkCount('beats', beats);
        await manualClock.advanceBy(beats * e.status().intervalMs);
        return e.status().tick;
      }),
    flush: () => apply(async () => persistence?.flush()),
    close: () =>
      apply(async (e) => {
        e.close();
        await persistence?.close();
        engine = null;
      }),
  };
}
