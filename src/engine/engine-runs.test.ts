import { describe, expect, it } from 'vitest';
import { HeartBeatError } from '../heart-beat-error.ts';
import type { WorkerEvent } from '../protocol.ts';
import { createEngine } from './engine.ts';
import { createManualClock } from './manual-clock.ts';
import { type TaskContext, unchanged } from './task.ts';
import { createHarness, failed, finish, mainItem, ok, runBeats, taskItem } from './test-harness.ts';

/** A promise the test settles by hand, to hold a task's run in flight. */
function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('overlapping runs', () => {
  it("skips an item whose run is still going (overlap 'skip', the default) and counts the skips", async () => {
    const h = createHarness();
    h.engine.register(mainItem('slow'));
    h.engine.start();
    await h.clock.advanceBy(3_000);
    const [first, second, third] = h.beats();
    expect(first!.due).toHaveLength(1);
    expect(second!.due).toEqual([]);
    expect(third!.due).toEqual([]);
    expect(h.engine.get('slow')).toMatchObject({ overlap: 'skip', timesRan: 1, skipped: 2, inFlight: 1 });
    finish(h.engine, first!.due[0]!);
    const ran = await runBeats(h, 1);
    expect(ran.get('slow')).toEqual([4]);
    expect(h.engine.get('slow')).toMatchObject({ timesRan: 2, skipped: 2, inFlight: 0 });
  });

  it("runs again while the previous run is in flight with overlap 'allow'", async () => {
    const h = createHarness();
    h.engine.register(mainItem('parallel', { overlap: 'allow' }));
    h.engine.start();
    await h.clock.advanceBy(2_000);
    const [first, second] = h.beats().map((beat) => beat.due[0]!);
    expect(first!.runId).not.toBe(second!.runId);
    expect(h.engine.get('parallel')).toMatchObject({ timesRan: 2, skipped: 0, inFlight: 2 });
    finish(h.engine, second!);
    finish(h.engine, first!);
    expect(h.engine.get('parallel')!.inFlight).toBe(0);
  });

  it('skips a worker task whose promise has not settled', async () => {
    const pending = deferred();
    let calls = 0;
    const h = createHarness({ tasks: { slow: () => (calls++, pending.promise) } });
    h.engine.register(taskItem('poll', 'slow'));
    h.engine.start();
    await h.clock.advanceBy(3_000);
    expect(calls).toBe(1);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 1, skipped: 2, inFlight: 1 });
    pending.resolve('done');
    await h.clock.advanceBy(1_000);
    expect(calls).toBe(2);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 2, lastResult: 'done' });
  });
});

describe('failing main-thread runs', () => {
  it('records errorCount and lastError, and the item and the others keep running', async () => {
    const h = createHarness();
    h.engine.register(mainItem('bad'));
    h.engine.register(mainItem('good'));
    h.engine.start();
    for (let beat = 1; beat <= 3; beat++) {
      await h.clock.advanceBy(1_000);
      for (const run of h.beats().at(-1)!.due) {
        finish(h.engine, run, undefined, run.context.key === 'bad' ? failed(`boom ${beat}`) : ok);
      }
    }
    expect(h.engine.get('bad')).toMatchObject({ timesRan: 3, errorCount: 3, lastError: 'boom 3' });
    expect(h.engine.get('good')).toMatchObject({ timesRan: 3, errorCount: 0, lastError: null });
  });

  it('ignores a finishRun for a run id it does not know or that belongs to another key', async () => {
    const h = createHarness();
    h.engine.register(mainItem('a'));
    h.engine.register(mainItem('b'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const runOfA = h.beats()[0]!.due.find((run) => run.context.key === 'a')!;
    h.engine.finishRun('b', runOfA.runId, failed('wrong key'), {});
    h.engine.finishRun('a', 999, failed('no such run'), {});
    expect(h.engine.get('a')).toMatchObject({ errorCount: 0, inFlight: 1 });
    expect(h.engine.get('b')).toMatchObject({ errorCount: 0, inFlight: 1 });
  });

  it('keeps beating when the event listener throws', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      intervalMs: 1_000,
      emit: () => {
        throw new Error('port closed');
      },
      tasks: { noop: () => unchanged },
    });
    engine.register(taskItem('job', 'noop'));
    engine.start();
    await clock.advanceBy(3_000);
    expect(engine.status().tick).toBe(3);
    expect(engine.get('job')!.timesRan).toBe(3);
  });
});

describe('worker tasks', () => {
  it('emits a run event with the value a task returns and keeps it as lastResult', async () => {
    const h = createHarness({ tasks: { answer: (context) => ({ tick: context.tick, input: context.input }) } });
    h.engine.register(taskItem('q', 'answer', { input: 'hello' }));
    h.engine.start();
    await h.clock.advanceBy(2_000);
    expect(h.runEvents()).toEqual([
      { type: 'run', key: 'q', tick: 1, runId: 1, outcome: { ok: true, value: { tick: 1, input: 'hello' }, durationMs: 0 } },
      { type: 'run', key: 'q', tick: 2, runId: 2, outcome: { ok: true, value: { tick: 2, input: 'hello' }, durationMs: 0 } },
    ]);
    expect(h.engine.get('q')).toMatchObject({ timesRan: 2, lastResult: { tick: 2, input: 'hello' }, errorCount: 0 });
  });

  it.each([
    ['a value', 'v'],
    ['unchanged', unchanged],
  ])('records a task that returned %s but left its context invalid as a failed run, with an event and none of its changes', async (_label, value) => {
    const h = createHarness({
      tasks: {
        bad: (context) => {
          context.metadata.seen = true;
          context.modTick = -1;
          return value;
        },
      },
    });
    h.engine.register(taskItem('job', 'bad', { metadata: { seen: false } }));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const error = 'The run left its context invalid: Expected `modTick` to be a whole number from 0 and up, got `-1` (number)';
    expect(h.runEvents()).toEqual([
      { type: 'run', key: 'job', tick: 1, runId: 1, outcome: { ok: false, error, timedOut: false, durationMs: 0 } },
    ]);
    expect(h.engine.get('job')).toMatchObject({ modTick: 0, metadata: { seen: false }, lastResult: undefined, errorCount: 1, lastError: error });
  });

  it('records a run that returned `unchanged` without an event, keeping the previous result', async () => {
    const h = createHarness({ tasks: { poll: (context) => (context.tick === 1 ? 'fresh' : unchanged) } });
    h.engine.register(taskItem('feed', 'poll'));
    h.engine.start();
    await h.clock.advanceBy(3_000);
    expect(h.runEvents().map((event) => event.tick)).toEqual([1]);
    expect(h.engine.get('feed')).toMatchObject({ timesRan: 3, lastTickRan: 3, inFlight: 0, lastResult: 'fresh' });
  });

  it.each([
    ['throws synchronously', (): unknown => {
      throw new Error('sync failure');
    }, 'sync failure'],
    ['rejects', async (): Promise<unknown> => Promise.reject(new Error('async failure')), 'async failure'],
  ])('records a task that %s as a failed run and emits it; the other tasks of the beat go on', async (_, broken, message) => {
    const h = createHarness({ tasks: { broken, fine: () => 'ok' } });
    h.engine.register(taskItem('a-broken', 'broken'));
    h.engine.register(taskItem('b-fine', 'fine'));
    h.engine.start();
    await h.clock.advanceBy(2_000);
    expect(h.engine.get('a-broken')).toMatchObject({ timesRan: 2, errorCount: 2, lastError: message, inFlight: 0 });
    expect(h.engine.get('b-fine')).toMatchObject({ timesRan: 2, errorCount: 0, lastResult: 'ok' });
    const failedRuns = h.runEvents().filter((event) => event.key === 'a-broken');
    expect(failedRuns.map((event) => event.outcome)).toEqual([
      { ok: false, error: message, timedOut: false, durationMs: 0 },
      { ok: false, error: message, timedOut: false, durationMs: 0 },
    ]);
  });

  it('records a result that cannot be cloned as the run failing', async () => {
    const h = createHarness({ tasks: { leaky: () => ({ callback: () => 1 }) } });
    h.engine.register(taskItem('job', 'leaky'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    expect(h.engine.get('job')).toMatchObject({ errorCount: 1, lastResult: undefined });
    expect(h.engine.get('job')!.lastError).toMatch(/`result`.*structured-cloneable/);
    expect(h.runEvents()[0]!.outcome.ok).toBe(false);
  });

  it('keeps the metadata and modTick a task changed, once its promise resolves', async () => {
    const gate = deferred<void>();
    const h = createHarness({
      tasks: {
        grow: async (context) => {
          await gate.promise;
          context.metadata.runs = ((context.metadata.runs as number | undefined) ?? 0) + 1;
          context.modTick = 3;
          return unchanged;
        },
      },
    });
    h.engine.register(taskItem('job', 'grow'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    // Not applied while the task is still working on its copy.
    expect(h.engine.get('job')).toMatchObject({ modTick: 0, inFlight: 1 });
    expect(h.engine.get('job')!.metadata).toEqual({});
    gate.resolve();
    await h.clock.advanceBy(0);
    expect(h.engine.get('job')).toMatchObject({ metadata: { runs: 1 }, modTick: 3, inFlight: 0 });
    await h.clock.advanceBy(2_000);
    // Tick 2 is skipped because of the new modTick; tick 3 runs on the kept metadata.
    expect(h.engine.get('job')).toMatchObject({ timesRan: 2, lastTickRan: 3, metadata: { runs: 2 } });
  });

  it('drops the changes of a task that failed: it worked on a copy', async () => {
    const h = createHarness({
      tasks: {
        half: (context) => {
          context.metadata.partial = true;
          context.modTick = 7;
          throw new Error('gave up');
        },
      },
    });
    h.engine.register(taskItem('job', 'half', { metadata: { kept: 1 } }));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    expect(h.engine.get('job')).toMatchObject({ modTick: 0, errorCount: 1 });
    expect(h.engine.get('job')!.metadata).toEqual({ kept: 1 });
  });
});

describe('timeouts', () => {
  it('aborts a main-thread run after timeoutMs, records the timeout and ignores its late finish', async () => {
    const h = createHarness();
    h.engine.register(mainItem('slow', { timeoutMs: 300 }));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const run = h.beats()[0]!.due[0]!;
    await h.clock.advanceBy(299);
    expect(h.aborts()).toEqual([]);
    await h.clock.advanceBy(1);
    expect(h.aborts()).toMatchObject([{ type: 'abort', runId: run.runId, reason: 'timeout' }]);
    const afterTimeout = h.engine.get('slow')!;
    expect(afterTimeout).toMatchObject({ errorCount: 1, inFlight: 0 });
    expect(afterTimeout.lastError).toMatch(/timed out after 300 ms/i);

    finish(h.engine, run, (context) => void (context.metadata.late = true));
    expect(h.engine.get('slow')).toEqual(afterTimeout);

    // Not skipped on the next beat: the timed-out run no longer counts as in flight.
    await h.clock.advanceBy(700);
    expect(h.beats()[1]!.due.map((due) => due.context.key)).toEqual(['slow']);
  });

  it("aborts a task's signal after timeoutMs and emits a timed-out run; its late result is dropped", async () => {
    const pending = deferred();
    let seen: TaskContext | undefined;
    const h = createHarness({
      tasks: {
        hang: (context) => {
          seen = context;
          return pending.promise;
        },
      },
    });
    h.engine.register(taskItem('job', 'hang', { timeoutMs: 500 }));
    h.engine.start();
    await h.clock.advanceBy(1_499);
    expect(seen!.signal.aborted).toBe(false);
    await h.clock.advanceBy(1);
    expect(seen!.signal.aborted).toBe(true);
    expect(seen!.signal.reason).toBeInstanceOf(HeartBeatError);
    expect(h.runEvents()).toEqual([
      { type: 'run', key: 'job', tick: 1, runId: 1, outcome: { ok: false, error: 'Timed out after 500 ms', timedOut: true, durationMs: 500 } },
    ]);
    expect(h.engine.get('job')).toMatchObject({ errorCount: 1, lastError: 'Timed out after 500 ms', inFlight: 0 });

    pending.resolve('too late');
    await h.clock.advanceBy(0);
    expect(h.runEvents()).toHaveLength(1);
    expect(h.engine.get('job')).toMatchObject({ lastResult: undefined, errorCount: 1 });
  });

  it('reports a timed-out task run with the tick it started on, even when a later run overlaps it', async () => {
    const h = createHarness({ tasks: { hang: () => new Promise(() => {}) } });
    h.engine.register(taskItem('job', 'hang', { timeoutMs: 1_500, overlap: 'allow' }));
    h.engine.start();
    await h.clock.advanceBy(3_500);
    expect(h.runEvents().map((event) => [event.runId, event.tick])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('aborts on remove, stop and close', () => {
  async function inFlight() {
    const signals: AbortSignal[] = [];
    const h = createHarness({ tasks: { hang: (context) => (signals.push(context.signal), new Promise(() => {})) } });
    h.engine.register(mainItem('main'));
    h.engine.register(taskItem('task', 'hang'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const mainRun = h.beats()[0]!.due[0]!;
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    return { h, mainRun, signal: signals[0]! };
  }

  it("remove() aborts the item's runs with reason 'removed' and leaves the others alone", async () => {
    const { h, mainRun, signal } = await inFlight();
    h.engine.remove('main');
    expect(h.aborts()).toMatchObject([{ runId: mainRun.runId, reason: 'removed' }]);
    expect(signal.aborted).toBe(false);
    h.engine.remove('task');
    expect(signal.aborted).toBe(true);
    expect(h.aborts()).toHaveLength(1);
  });

  it("stop() aborts every run with reason 'stopped', and a finish that comes after is ignored", async () => {
    const { h, mainRun, signal } = await inFlight();
    h.engine.stop();
    expect(h.aborts()).toMatchObject([{ runId: mainRun.runId, reason: 'stopped' }]);
    expect(signal.aborted).toBe(true);
    expect(h.engine.list().map((item) => item.inFlight)).toEqual([0, 0]);
    finish(h.engine, mainRun, (context) => void (context.metadata.late = true), failed('late'));
    expect(h.engine.get('main')).toMatchObject({ errorCount: 0 });
    expect(h.engine.get('main')!.metadata).toEqual({});
  });

  it("close() aborts every run with reason 'closed', disarms the clock and refuses further use", async () => {
    const { h, mainRun, signal } = await inFlight();
    h.engine.close();
    expect(h.aborts()).toMatchObject([{ runId: mainRun.runId, reason: 'closed' }]);
    expect(signal.aborted).toBe(true);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(() => h.engine.start()).toThrow(expect.objectContaining({ code: 'closed' }));
    expect(() => h.engine.register(mainItem('late'))).toThrow(expect.objectContaining({ code: 'closed' }));
    const beats = h.beats().length;
    await h.clock.advanceBy(10_000);
    expect(h.beats()).toHaveLength(beats);
  });

  it('emits nothing from an engine closed while stopped', () => {
    const events: WorkerEvent[] = [];
    const engine = createEngine({ clock: createManualClock(0), emit: (event) => events.push(event) });
    engine.close();
    expect(events).toEqual([]);
  });
});
