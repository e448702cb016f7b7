/**
 * The heartbeat's engine: the beat loop and the item rules, with time and tasks passed in. It arms at most one
 * timer (for the next beat or the earliest run timeout, whichever comes first) and re-plans from the clock every
 * time it wakes, so a timer that fires early, late, or after a freeze is handled the same way.
 *
 * Missed beats: when the engine wakes after several deadlines passed (frozen page, sleeping laptop), the tick
 * count jumps to where wall-clock time says it should be, the beat event reports how many beats were `missed`,
 * and each item that was due at least once in the gap runs once, on the current tick. A command that changes an
 * item (register, update, pause) first settles a beat that fell due, so it never schedules from a stale tick.
 */
import { HeartBeatError, describeValue, expected } from '../heart-beat-error.ts';
import type {
  DueRun,
  HeartBeatStatus,
  ItemPatch,
  ItemSnapshot,
  RegisterRequest,
  RunOutcome,
  WorkerEvent,
} from '../protocol.ts';
import { patchFromRun, runPatchProblem } from '../run-patch.ts';
import { checkCloneable, checkInterval, checkItemOptions, checkKey, checkPatch, isObject } from '../validate.ts';
import { type BeatSchedule, beatDueAt, nextDueTick, tickReachedAt } from './beat-schedule.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { createDueQueue } from './due-queue.ts';
import {
  type ItemRecord,
  type ItemSource,
  type SavedItemState,
  applyPatch,
  createItemRecord,
  isDone,
  itemRecordFromSaved,
  reviveItemRecord,
  toRunSnapshot,
  toSavedState,
  toSnapshot,
} from './item-record.ts';
import { type TaskContext, type TaskRegistry, checkTaskInput, unchanged } from './task.ts';

/** Told about every change worth saving; the persister coalesces them. */
export interface ChangeSink {
  itemChanged(key: string): void;
  itemRemoved(key: string): void;
  heartChanged(): void;
}

/** The heartbeat's own state as it is saved. */
export interface SavedHeartState {
  intervalMs: number;
  running: boolean;
  tick: number;
}

export interface EngineDeps {
  clock: Clock;
  /** Receives every event; a listener that throws is ignored so the beat goes on. */
  emit: (event: WorkerEvent) => void;
  /** Default 5000. */
  intervalMs?: number;
  /** Worker tasks items can be registered by name. Default none. */
  tasks?: TaskRegistry;
  /** Default: nothing is told. */
  changes?: ChangeSink;
}

export interface Engine {
  /**
   * Starts beating; beat 1 is due one interval after `requestedAt` (epoch ms: when the app asked, which may be a
   * moment before the request reached the worker), or after now if that is later or over an interval ago.
   */
  start(requestedAt?: number): void;
  stop(): void;
  changeInterval(intervalMs: number): void;
  register(request: RegisterRequest): ItemSnapshot;
  /** Deletes the item, registered or dormant, and aborts its runs. False if there was none. */
  remove(key: string): boolean;
  pause(key: string): void;
  unPause(key: string): void;
  update(key: string, patch: ItemPatch): ItemSnapshot;
  get(key: string): ItemSnapshot | undefined;
  /** Every item, dormant ones included. */
  list(): ItemSnapshot[];
  status(): HeartBeatStatus;
  /** Records how a main-thread run ended. Results of runs that timed out or were aborted are dropped. */
  finishRun(key: string, runId: number, outcome: RunOutcome, patch: ItemPatch): void;
  /** Stops and aborts every run in flight; the engine is not used again. */
  close(): void;
  /** Loads saved state; call before anything else. A heartbeat saved as running starts again. */
  restore(heart: SavedHeartState | null, items: SavedItemState[]): void;
  exportHeart(): SavedHeartState;
  exportItem(key: string): SavedItemState | undefined;
}

interface RunRecord {
  runId: number;
  key: string;
  /** The tick the run started on: with overlap 'allow' the item's `lastTickRan` may be a later run's. */
  tick: number;
  /** Epoch ms after which the run is aborted as timed out; Infinity without a timeout. */
  deadlineAt: number;
  /** Worker tasks only: main-thread runs are aborted by an `abort` event to the client. */
  controller: AbortController | null;
}

type AbortReason = 'timeout' | 'removed' | 'stopped' | 'closed';

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

const noChanges: ChangeSink = { itemChanged() {}, itemRemoved() {}, heartChanged() {} };

export function createEngine(deps: EngineDeps): Engine {
  const { clock, tasks = {}, changes = noChanges } = deps;
  const items = new Map<string, ItemRecord>();
  const runs = new Map<number, RunRecord>();
  const dueQueue = createDueQueue();
  let schedule: BeatSchedule = { intervalMs: deps.intervalMs ?? 5000, anchorAt: 0, anchorTick: 0 };
  let tick = 0;
  let running = false;
  let closed = false;
  let timer: TimerHandle | null = null;
  let nextRunId = 1;

  checkInterval(schedule.intervalMs);

  function emit(event: WorkerEvent): void {
    try {
      deps.emit(event);
    } catch {
      // The listener's failure (a closed port, say) must not stop the beat.
    }
  }

  function mustGet(key: string): ItemRecord {
    checkKey(key);
    const item = items.get(key);
    if (!item) throw new HeartBeatError('unknown-key', `No item is registered under \`key\` ${describeValue(key)}`);
    return item;
  }

  /** Puts the item in the due queue for its next due tick, or takes it out if it cannot run. */
  function reschedule(item: ItemRecord): void {
    if (item.dormant || item.paused || isDone(item)) dueQueue.unschedule(item.key);
    else dueQueue.schedule(item.key, nextDueTick(item.modTick, tick));
  }

  function arm(now: number): void {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
    let wakeAt = running ? beatDueAt(schedule, tick + 1) : Infinity;
    for (const run of runs.values()) wakeAt = Math.min(wakeAt, run.deadlineAt);
    if (wakeAt !== Infinity) timer = clock.setTimer(onTimer, Math.max(0, wakeAt - now));
  }

  function onTimer(): void {
    timer = null;
    const now = clock.now();
    expireRuns(now);
    if (running && now >= beatDueAt(schedule, tick + 1)) beat(now);
    // Read again: the beat's own work must not push the next timer later.
    arm(clock.now());
  }

  /**
   * Beats now if a beat fell due whose timer has not fired yet. A worker that was frozen or busy may handle a queued
   * command before its overdue timer; settling first keeps that command from scheduling against a stale tick.
   */
  function settleDueBeat(now: number): void {
    if (!running || now < beatDueAt(schedule, tick + 1)) return;
    beat(now);
    arm(now);
  }

  function beat(now: number): void {
    const reached = tickReachedAt(schedule, now);
    const missed = reached - tick - 1;
    tick = reached;
    const due: DueRun[] = [];
    for (const key of dueQueue.takeDue(reached)) {
      const item = items.get(key);
      if (!item) continue;
      startRun(item, now, due);
      reschedule(item);
    }
    changes.heartChanged();
    emit({ type: 'beat', tick, missed, scheduledAt: beatDueAt(schedule, reached), firedAt: now, due });
  }

  function startRun(item: ItemRecord, now: number, due: DueRun[]): void {
    changes.itemChanged(item.key);
    if (item.overlap === 'skip' && item.runIds.size > 0) {
      item.skipped++;
      return;
    }
    item.timesRan++;
    item.lastTickRan = tick;
    const runId = nextRunId++;
    const deadlineAt = item.timeoutMs > 0 ? now + item.timeoutMs : Infinity;
    const context = toRunSnapshot(item, tick);
    item.runIds.add(runId);
    if (item.kind === 'main') {
      runs.set(runId, { runId, key: item.key, tick, deadlineAt, controller: null });
      due.push({ runId, fnId: item.fnId ?? -1, context });
      return;
    }
    const controller = new AbortController();
    runs.set(runId, { runId, key: item.key, tick, deadlineAt, controller });
    runTask(item, runId, context, controller, now);
  }

  function runTask(
    item: ItemRecord,
    runId: number,
    before: ReturnType<typeof toRunSnapshot>,
    controller: AbortController,
    startedAt: number,
  ): void {
    const task = tasks[item.task ?? ''];
    // The task works on a copy, so a run that is aborted or fails leaves no half-made changes behind.
    const context: TaskContext = {
      ...before,
      metadata: structuredClone(before.metadata),
      input: item.input,
      signal: controller.signal,
    };
    const settle = (outcome: RunOutcome, value?: unknown) => {
      if (!runs.has(runId)) return;
      // finishRun checks the patch and says how the run is recorded: failed, if it left its context invalid.
      const recorded = finishRun(item.key, runId, outcome, outcome.ok ? patchFromRun(before, context) : {}) ?? outcome;
      // A run that returned `unchanged` sends nothing, unless it failed after all.
      if (!recorded.ok || value !== unchanged) emit({ type: 'run', key: item.key, tick: before.tick, runId, outcome: recorded });
    };
    Promise.resolve()
      .then(() => task!(context))
      .then(
        (value) => {
          const durationMs = clock.now() - startedAt;
          if (value === unchanged) return settle({ ok: true, durationMs }, unchanged);
          try {
            checkCloneable('result', value);
          } catch (error) {
            return settle({ ok: false, error: messageOf(error), timedOut: false, durationMs });
          }
          settle({ ok: true, value, durationMs }, value);
        },
        (error: unknown) => settle({ ok: false, error: messageOf(error), timedOut: false, durationMs: clock.now() - startedAt }),
      );
  }

  function endRun(run: RunRecord, reason: AbortReason): void {
    runs.delete(run.runId);
    const item = items.get(run.key);
    item?.runIds.delete(run.runId);
    const message =
      reason === 'timeout'
        ? `Timed out after ${item?.timeoutMs ?? 0} ms`
        : `Run aborted: ${reason === 'removed' ? 'the item was removed' : `the heartbeat was ${reason}`}`;
    if (run.controller) run.controller.abort(new HeartBeatError(reason === 'timeout' ? 'timeout' : 'aborted', message));
    else emit({ type: 'abort', runId: run.runId, reason, message });
  }

  function expireRuns(now: number): void {
    for (const run of [...runs.values()]) {
      if (run.deadlineAt > now) continue;
      const item = items.get(run.key);
      endRun(run, 'timeout');
      if (!item) continue;
      const error = `Timed out after ${item.timeoutMs} ms`;
      item.errorCount++;
      item.lastError = error;
      changes.itemChanged(item.key);
      if (run.controller) {
        emit({
          type: 'run',
          key: item.key,
          tick: run.tick,
          runId: run.runId,
          outcome: { ok: false, error, timedOut: true, durationMs: item.timeoutMs },
        });
      }
      reschedule(item);
    }
  }

  function abortAll(reason: AbortReason, key?: string): void {
    for (const run of [...runs.values()]) if (key === undefined || run.key === key) endRun(run, reason);
  }

  /** Records how a run ended and returns the outcome as recorded; undefined for a run it does not know. */
  function finishRun(key: string, runId: number, outcome: RunOutcome, patch: ItemPatch): RunOutcome | undefined {
    const run = runs.get(runId);
    const item = items.get(key);
    if (!run || run.key !== key || !item) return undefined;
    runs.delete(runId);
    item.runIds.delete(runId);
    let result = outcome;
    // A patch left invalid is not applied at all, so one run never half-updates an item.
    const problem = runPatchProblem(patch);
    if (problem === null) applyPatch(item, patch);
    else if (result.ok) result = { ok: false, error: problem, timedOut: false, durationMs: outcome.durationMs };
    if (!result.ok) {
      item.errorCount++;
      item.lastError = result.error;
    } else if (item.kind === 'task' && 'value' in result) {
      // A run that returned `unchanged` has no `value`: the previous result is still the latest.
      item.lastResult = result.value;
    }
    reschedule(item);
    changes.itemChanged(key);
    return result;
  }

  function assertOpen(): void {
    if (closed) throw new HeartBeatError('closed', 'This heartbeat was closed');
  }

  function sourceOf(request: RegisterRequest): ItemSource {
    if (request.kind === 'main') {
      if (!Number.isSafeInteger(request.fnId)) throw expected('fnId', 'a whole number', request.fnId, 'invalid-job');
      return { kind: 'main', fnId: request.fnId };
    }
    const kind: unknown = request.kind;
    if (kind !== 'task') throw expected('kind', "'main' or 'task'", kind, 'invalid-job');
    if (typeof request.task !== 'string' || !Object.hasOwn(tasks, request.task)) {
      const known = Object.keys(tasks).map((name) => `'${name}'`).join(', ') || 'none';
      throw expected('task', `the name of a task of this worker (${known})`, request.task, 'unknown-task');
    }
    checkTaskInput(tasks[request.task]!, request.options.input);
    return { kind: 'task', task: request.task };
  }

  const engine: Engine = {
    start(requestedAt) {
      assertOpen();
      if (running) return;
      running = true;
      const now = clock.now();
      // A request that took longer than an interval to arrive (a worker still loading) anchors at its arrival, so
      // start-up is never counted as missed beats; a time after now (another clock: the manual one) is not used.
      const anchorAt =
        typeof requestedAt === 'number' && requestedAt <= now && now - requestedAt < schedule.intervalMs ? requestedAt : now;
      schedule = { ...schedule, anchorAt, anchorTick: tick };
      changes.heartChanged();
      arm(now);
    },

    stop() {
      if (!running) return;
      running = false;
      abortAll('stopped');
      changes.heartChanged();
      arm(clock.now());
    },

    changeInterval(intervalMs) {
      assertOpen();
      checkInterval(intervalMs, 'intervalMs');
      const now = clock.now();
      // Beats that fell due under the old interval are settled first, so a change made after a freeze does
      // not rewrite the past.
      settleDueBeat(now);
      schedule = { intervalMs, anchorAt: now, anchorTick: tick };
      changes.heartChanged();
      arm(now);
    },

    register(request) {
      assertOpen();
      if (!isObject(request)) throw expected('request', 'an object', request, 'invalid-job');
      checkKey(request.key);
      checkItemOptions(request.options);
      const existing = items.get(request.key);
      if (existing?.claimed) {
        throw new HeartBeatError('duplicate-key', `An item is already registered under \`key\` ${describeValue(request.key)}`);
      }
      const source = sourceOf(request);
      settleDueBeat(clock.now());
      let item: ItemRecord;
      if (existing && !request.options.reset) {
        reviveItemRecord(existing, source, request.options);
        item = existing;
      } else {
        // A restored task item may have a run going; the fresh item must not receive that run's result.
        if (existing) abortAll('removed', existing.key);
        item = createItemRecord(request.key, source, request.options);
        items.set(item.key, item);
      }
      reschedule(item);
      changes.itemChanged(item.key);
      return toSnapshot(item);
    },

    remove(key) {
      checkKey(key);
      if (!items.has(key)) return false;
      abortAll('removed', key);
      items.delete(key);
      dueQueue.unschedule(key);
      changes.itemRemoved(key);
      return true;
    },

    pause(key) {
      engine.update(key, { paused: true });
    },

    unPause(key) {
      engine.update(key, { paused: false });
    },

    update(key, patch) {
      const item = mustGet(key);
      checkPatch(patch);
      settleDueBeat(clock.now());
      applyPatch(item, patch);
      reschedule(item);
      changes.itemChanged(key);
      return toSnapshot(item);
    },

    get(key) {
      checkKey(key);
      const item = items.get(key);
      return item && toSnapshot(item);
    },

    list() {
      return [...items.values()].map(toSnapshot);
    },

    status() {
      const keys = [...items.values()].filter((item) => !item.dormant).map((item) => item.key);
      return { running, intervalMs: schedule.intervalMs, tick, keys };
    },

    finishRun,

    close() {
      // Before stop(), which would abort them as 'stopped'.
      abortAll('closed');
      engine.stop();
      closed = true;
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
    },

    restore(heart, saved) {
      for (const state of saved) {
        // A worker task can run again by itself; a main-thread function waits for the app to register its key.
        const runnable = state.kind === 'task' && state.task !== null && Object.hasOwn(tasks, state.task);
        const item = itemRecordFromSaved(state, !runnable);
        items.set(item.key, item);
      }
      if (heart) {
        schedule = { ...schedule, intervalMs: heart.intervalMs };
        tick = heart.tick;
      }
      for (const item of items.values()) reschedule(item);
      if (heart?.running) engine.start();
    },

    exportHeart() {
      return { intervalMs: schedule.intervalMs, running, tick };
    },

    exportItem(key) {
      const item = items.get(key);
      return item && toSavedState(item);
    },
  };

  return engine;
}
