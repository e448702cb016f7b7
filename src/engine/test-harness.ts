/**
 * Shared set-up for the engine's unit tests (not itself a test): an engine on a manual clock with its events and
 * change notices collected in arrays, and helpers that finish main-thread runs the way the client does.
 */
import type { DueRun, ItemOptions, RegisterRequest, RunOutcome, RunSnapshot, WorkerEvent } from '../protocol.ts';
import { patchFromRun } from '../run-patch.ts';
import { type Engine, createEngine } from './engine.ts';
import { type ManualClock, createManualClock } from './manual-clock.ts';
import type { TaskRegistry } from './task.ts';

export type BeatEvent = Extract<WorkerEvent, { type: 'beat' }>;
export type RunEvent = Extract<WorkerEvent, { type: 'run' }>;
export type AbortEvent = Extract<WorkerEvent, { type: 'abort' }>;

/** A main-thread job as the tests write it: it changes its context copy, as the client's job function would. */
export type Job = (context: RunSnapshot) => void;

export interface Harness {
  clock: ManualClock;
  engine: Engine;
  /** Every event emitted, in order. */
  events: WorkerEvent[];
  /** Every key the engine reported through `changes.itemChanged`, duplicates kept. */
  changed: string[];
  beats(): BeatEvent[];
  runEvents(): RunEvent[];
  aborts(): AbortEvent[];
}

/** An engine on a manual clock starting at epoch 0. `intervalMs` defaults to 1000 (the engine's own default is 5000). */
export function createHarness({ intervalMs = 1000, tasks }: { intervalMs?: number; tasks?: TaskRegistry } = {}): Harness {
  const clock = createManualClock(0);
  const events: WorkerEvent[] = [];
  const changed: string[] = [];
  const engine = createEngine({
    clock,
    intervalMs,
    emit: (event) => events.push(event),
    ...(tasks ? { tasks } : {}),
    changes: { itemChanged: (key) => changed.push(key), itemRemoved() {}, heartChanged() {} },
  });
  const ofType = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((event): event is Extract<WorkerEvent, { type: T }> => event.type === type);
  return {
    clock,
    engine,
    events,
    changed,
    beats: () => ofType('beat'),
    runEvents: () => ofType('run'),
    aborts: () => ofType('abort'),
  };
}

/** A registration of a main-thread function (fnId 1 unless given). */
export function mainItem(key: string, options: ItemOptions = {}, fnId = 1): RegisterRequest {
  return { key, kind: 'main', fnId, options };
}

/** A registration of a worker task by name. */
export function taskItem(key: string, task: string, options: ItemOptions = {}): RegisterRequest {
  return { key, kind: 'task', task, options };
}

/** A successful outcome. */
export const ok: RunOutcome = { ok: true, durationMs: 1 };

/** A failed outcome with this message. */
export function failed(error: string): RunOutcome {
  return { ok: false, error, timedOut: false, durationMs: 1 };
}

/**
 * Finishes a main-thread run like the client: `job` changes a structured clone of the context (what arrives over
 * `postMessage`), and the patch is what `patchFromRun` makes of it. Default outcome: {@link ok}.
 */
export function finish(engine: Engine, run: DueRun, job?: Job, outcome: RunOutcome = ok): void {
  const context = structuredClone(run.context);
  job?.(context);
  engine.finishRun(run.context.key, run.runId, outcome, patchFromRun(run.context, context));
}

/**
 * Lets `count` intervals pass one at a time and finishes every main-thread run right after its beat, running
 * `jobs[key]` on it if there is one. Returns the ticks each key ran on.
 */
export async function runBeats(h: Harness, count: number, jobs: Record<string, Job> = {}): Promise<Map<string, number[]>> {
  const ran = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const seen = h.events.length;
    await h.clock.advanceBy(h.engine.status().intervalMs);
    for (const event of h.events.slice(seen)) {
      if (event.type !== 'beat') continue;
      for (const run of event.due) {
        const key = run.context.key;
        ran.set(key, [...(ran.get(key) ?? []), run.context.tick]);
        finish(h.engine, run, jobs[key]);
      }
    }
  }
  return ran;
}
