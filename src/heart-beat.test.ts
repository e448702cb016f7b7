/**
 * The main-thread client and the worker side talking over a real Node MessageChannel through Comlink, with the
 * manual clock: everything a page would do, minus the browser.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from './engine/manual-clock.ts';
import type { TaskRegistry } from './engine/task.ts';
import { HeartBeat, type HeartBeatOptions } from './heart-beat.ts';
import { HeartBeatError } from './heart-beat-error.ts';
import type { HeartBeatEvents } from './heart-beat-events.ts';
import { HeartBeatItem } from './heart-beat-item.ts';
import type { WorkerEvent } from './protocol.ts';
import { createWorkerApi } from '../worker/worker-api.ts';

const open: HeartBeat[] = [];

interface Harness {
  heartbeat: HeartBeat;
  /** Every event the worker sent, in order, as the client received it. */
  wire: WorkerEvent[];
}

function connect(options: HeartBeatOptions = {}, tasks: TaskRegistry = {}): Harness {
  const { port1, port2 } = new MessageChannel();
  const api = createWorkerApi({
    tasks,
    realClock: createManualClock(1_700_000_000_000),
    openStore: () => {
      throw new Error('no storage in this test');
    },
  });
  const wire: WorkerEvent[] = [];
  const connectOriginal = api.connect;
  api.connect = (connectOptions, onEvent) =>
    connectOriginal(connectOptions, (event) => {
      wire.push(event);
      return onEvent(event);
    });
  Comlink.expose(api, port2);
  const heartbeat = new HeartBeat({ intervalDelta: 100, clock: 'manual', ...options, worker: () => port1 });
  open.push(heartbeat);
  return { heartbeat, wire };
}

function collect<N extends keyof HeartBeatEvents>(heartbeat: HeartBeat, name: N): HeartBeatEvents[N][] {
  const seen: HeartBeatEvents[N][] = [];
  heartbeat.on(name, (event) => seen.push(event));
  return seen;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((heartbeat) => heartbeat.close().catch(() => undefined)));
});

describe('HeartBeat over a MessageChannel', () => {
  it("runs the seed's item, which doubles its own modTick, on ticks 1, 2, 4, 8, 16 and 32", async () => {
    const { heartbeat } = connect();
    const ranOn: number[] = [];
    const item = new HeartBeatItem({
      func: (context) => {
        ranOn.push(context.tick);
        context.metadata[`Iter ${context.timesRan}`] = context.tick;
        if (!context.modTick) context.modTick = 1;
        else context.modTick *= 2;
      },
      metadata: { inception: new Date(0) },
    });
    await heartbeat.register('RealHeartBeatItem', item);
    await heartbeat.start();
    await heartbeat.advance(40);
    expect(ranOn).toEqual([1, 2, 4, 8, 16, 32]);
    const snapshot = await heartbeat.get('RealHeartBeatItem');
    expect(snapshot).toMatchObject({ timesRan: 6, lastTickRan: 32, modTick: 32 });
    expect(snapshot?.metadata).toEqual({
      inception: new Date(0),
      'Iter 1': 1,
      'Iter 2': 2,
      'Iter 3': 4,
      'Iter 4': 8,
      'Iter 5': 16,
      'Iter 6': 32,
    });
    expect(item.timesRan).toBe(6);
    expect(item.modTick).toBe(32);
  });

  it('runs a plain function on every beat and emits one beat event per tick', async () => {
    const { heartbeat } = connect();
    const beats = collect(heartbeat, 'beat');
    const calls: number[] = [];
    await heartbeat.register('Hello World!', (context) => void calls.push(context.tick));
    await heartbeat.start();
    expect(await heartbeat.advance(5)).toBe(5);
    expect(calls).toEqual([1, 2, 3, 4, 5]);
    expect(beats.map((beat) => beat.tick)).toEqual([1, 2, 3, 4, 5]);
    expect(beats.every((beat) => beat.missed === 0 && beat.firedAt - beat.scheduledAt === 0)).toBe(true);
    expect(await heartbeat.currentTick()).toBe(5);
  });

  it('sends one message per beat however many main-thread jobs are due', async () => {
    const { heartbeat, wire } = connect();
    for (let i = 0; i < 25; i++) await heartbeat.register(`job-${i}`, () => undefined);
    await heartbeat.start();
    await heartbeat.advance(3);
    const beats = wire.filter((event) => event.type === 'beat');
    expect(wire).toHaveLength(3);
    expect(beats.map((beat) => beat.type === 'beat' && beat.due.length)).toEqual([25, 25, 25]);
  });

  it('runs a maxRuns item exactly maxRuns times and then lists it as done', async () => {
    const { heartbeat } = connect();
    let runs = 0;
    await heartbeat.register('limited', () => void runs++, { maxRuns: 3, modTick: 2 });
    await heartbeat.start();
    await heartbeat.advance(12);
    expect(runs).toBe(3);
    expect(await heartbeat.get('limited')).toMatchObject({ timesRan: 3, lastTickRan: 6, done: true });
    expect(await heartbeat.keys()).toEqual(['limited']);
  });

  it('pauses and resumes through the heartbeat and through the item', async () => {
    const { heartbeat } = connect();
    const ticks: number[] = [];
    const item = new HeartBeatItem({ func: (context) => void ticks.push(context.tick) });
    await heartbeat.register('item', item);
    await heartbeat.start();
    await heartbeat.advance(2);
    await heartbeat.pause('item');
    expect(item.paused).toBe(true);
    await heartbeat.advance(2);
    await heartbeat.resume('item');
    await heartbeat.advance(1);
    await item.pause();
    expect((await heartbeat.get('item'))?.paused).toBe(true);
    await heartbeat.advance(2);
    await item.unPause();
    await heartbeat.advance(1);
    expect(ticks).toEqual([1, 2, 5, 8]);
  });

  it('stops and starts again with the tick count continuing', async () => {
    const { heartbeat } = connect();
    await heartbeat.start();
    await heartbeat.advance(3);
    await heartbeat.stop();
    expect(await heartbeat.advance(5)).toBe(3);
    await heartbeat.start();
    expect(await heartbeat.advance(2)).toBe(5);
  });

  it('removes an item: it stops running and its key is gone', async () => {
    const { heartbeat } = connect();
    let runs = 0;
    await heartbeat.register('gone', () => void runs++);
    await heartbeat.start();
    await heartbeat.advance(2);
    expect(await heartbeat.remove('gone')).toBe(true);
    expect(await heartbeat.remove('gone')).toBe(false);
    await heartbeat.advance(2);
    expect(runs).toBe(2);
    expect(await heartbeat.exists('gone')).toBe(false);
    expect(await heartbeat.keys()).toEqual([]);
  });

  it('records a throwing and a rejecting job as errors while the beat and other jobs go on', async () => {
    const { heartbeat } = connect();
    const errors = collect(heartbeat, 'error');
    let healthy = 0;
    await heartbeat.register('throws', () => {
      throw new Error('sync boom');
    });
    await heartbeat.register('rejects', async () => {
      throw new Error('async boom');
    });
    await heartbeat.register('healthy', () => void healthy++);
    await heartbeat.start();
    await heartbeat.advance(3);
    expect(healthy).toBe(3);
    expect(errors.filter((e) => e.key === 'throws').map((e) => e.error)).toEqual(['sync boom', 'sync boom', 'sync boom']);
    expect(await heartbeat.get('rejects')).toMatchObject({ errorCount: 3, lastError: 'async boom', timesRan: 3 });
  });

  it('skips a beat while the previous run of the same job is still going, never running it twice at once', async () => {
    const { heartbeat } = connect();
    const releases: (() => void)[] = [];
    await heartbeat.register('slow', () => new Promise<void>((resolve) => releases.push(resolve)));
    await heartbeat.start();
    await heartbeat.advance(2, { settle: false });
    expect(releases).toHaveLength(1);
    expect(await heartbeat.get('slow')).toMatchObject({ timesRan: 1, skipped: 1, inFlight: 1 });
    releases[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    await heartbeat.advance(1, { settle: false });
    expect(releases).toHaveLength(2);
    expect(await heartbeat.get('slow')).toMatchObject({ timesRan: 2, skipped: 1, lastTickRan: 3 });
  });

  it('aborts a run that passes its timeout, reports it, and lets the item run again', async () => {
    const { heartbeat } = connect();
    const errors = collect(heartbeat, 'error');
    const signals: AbortSignal[] = [];
    await heartbeat.register(
      'hangs',
      (context) => {
        signals.push(context.signal);
        return new Promise(() => undefined);
      },
      { timeoutMs: 150 },
    );
    await heartbeat.start();
    await heartbeat.advance(1, { settle: false });
    expect(signals.map((signal) => signal.aborted)).toEqual([false]);
    // Tick 2 at 200 ms is skipped (still in flight), the timeout fires at 250 ms, tick 3 runs it again.
    await heartbeat.advance(2, { settle: false });
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    expect(errors).toEqual([{ key: 'hangs', tick: 1, error: 'Timed out after 150 ms', timedOut: true }]);
    expect(await heartbeat.get('hangs')).toMatchObject({ timesRan: 2, skipped: 1, errorCount: 1, inFlight: 1 });
    await heartbeat.stop();
    expect(signals[1]!.aborted).toBe(true);
  });

  it('refuses bad input with a typed error before anything is registered', async () => {
    const { heartbeat } = connect();
    await heartbeat.register('taken', () => undefined);
    const codeOf = async (attempt: () => Promise<unknown>) => {
      try {
        await attempt();
      } catch (error) {
        expect(error).toBeInstanceOf(HeartBeatError);
        return [(error as HeartBeatError).code, (error as HeartBeatError).message];
      }
      throw new Error('expected a rejection');
    };
    expect(await codeOf(() => heartbeat.register('', () => undefined))).toEqual([
      'invalid-key',
      'Expected `key` to be a non-empty string, got `""` (string)',
    ]);
    expect((await codeOf(() => heartbeat.register('x', 42 as never)))[0]).toBe('invalid-job');
    expect(await codeOf(() => heartbeat.register('x', () => undefined, { modTick: -1 }))).toEqual([
      'invalid-option',
      'Expected `modTick` to be a whole number from 0 and up, got `-1` (number)',
    ]);
    expect((await codeOf(() => heartbeat.register('x', () => undefined, { maxRuns: 1.5 })))[0]).toBe('invalid-option');
    expect((await codeOf(() => heartbeat.register('x', () => undefined, { metadata: { f: () => 1 } })))[0]).toBe(
      'not-cloneable',
    );
    expect((await codeOf(() => heartbeat.changeInterval(0)))[0]).toBe('invalid-interval');
    expect((await codeOf(() => heartbeat.pause('nobody')))[0]).toBe('unknown-key');
    // Only the worker knows the key is taken: the code survives the trip back.
    expect(await codeOf(() => heartbeat.register('taken', () => undefined))).toEqual([
      'duplicate-key',
      'An item is already registered under `key` `"taken"` (string)',
    ]);
    expect((await codeOf(() => heartbeat.registerTask('t', 'no-such-task')))[0]).toBe('unknown-task');
    const item = new HeartBeatItem({ func: () => undefined });
    expect(await codeOf(() => heartbeat.register('item', item, { modTick: 3 }))).toEqual([
      'invalid-option',
      'A HeartBeatItem carries its own options: set them in `new HeartBeatItem({...})`, got an object (Object) as well',
    ]);
    expect(await heartbeat.keys()).toEqual(['taken']);
    expect(() => new HeartBeat({ intervalDelta: Number.NaN })).toThrow(HeartBeatError);
    expect(() => new HeartBeatItem({ func: 'nope' as never })).toThrow('Expected `func` to be a function');
  });

  it('refuses a worker factory that returns no endpoint, HeartBeatItem options that are not an object, bad advance options and on() after close', async () => {
    expect(() => new HeartBeat({ worker: () => 5 as never })).toThrow(
      new HeartBeatError('invalid-option', 'Expected `worker` to return a Worker (or another Comlink endpoint), got `5` (number)'),
    );
    expect(() => new HeartBeat({ worker: () => ({}) as never })).toThrow(HeartBeatError);
    const { heartbeat } = connect();
    const item = new HeartBeatItem({ func: () => undefined });
    await expect(heartbeat.register('item', item, null as never)).rejects.toMatchObject({ code: 'invalid-option' });
    await expect(heartbeat.register('item', item, 5 as never)).rejects.toMatchObject({ code: 'invalid-option' });
    await expect(heartbeat.advance(1, null as never)).rejects.toMatchObject({ code: 'invalid-option' });
    await expect(heartbeat.advance(1, { settle: 'no' as never })).rejects.toMatchObject({ code: 'invalid-option' });
    expect(() => new HeartBeatItem({ func: () => undefined, input: 1 } as never)).toThrow(
      'Expected `options` to have only the fields',
    );
    expect(await heartbeat.keys()).toEqual([]);
    await heartbeat.close();
    expect(() => heartbeat.on('beat', () => undefined)).toThrow(new HeartBeatError('closed', 'This heartbeat was closed'));
  });

  it('keeps the new function when a key is removed and registered again without awaiting', async () => {
    const { heartbeat } = connect();
    const ran: string[] = [];
    void heartbeat.register('k', () => {
      ran.push('first');
    });
    void heartbeat.remove('k');
    await heartbeat.register('k', () => {
      ran.push('second');
    });
    await heartbeat.start();
    await heartbeat.advance(2);
    expect(ran).toEqual(['second', 'second']);
    expect(await heartbeat.get('k')).toMatchObject({ timesRan: 2, errorCount: 0 });
  });

  it('records a job that leaves its context invalid as a failed run, keeping none of its changes', async () => {
    const { heartbeat } = connect();
    const runs = collect(heartbeat, 'run');
    const errors = collect(heartbeat, 'error');
    await heartbeat.register(
      'bad',
      (context) => {
        context.metadata.seen = true;
        context.maxRuns = 9;
        context.modTick = -1;
      },
      { metadata: { seen: false } },
    );
    await heartbeat.start();
    await heartbeat.advance(1);
    const message = 'The run left its context invalid: Expected `modTick` to be a whole number from 0 and up, got `-1` (number)';
    expect(runs.map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: message }]);
    expect(errors).toEqual([{ key: 'bad', tick: 1, error: message, timedOut: false }]);
    expect(await heartbeat.get('bad')).toMatchObject({ modTick: 0, maxRuns: 0, metadata: { seen: false }, errorCount: 1, lastError: message });
  });

  it('lets the same HeartBeatItem be removed and registered again without awaiting', async () => {
    const { heartbeat } = connect();
    const ticks: number[] = [];
    const item = new HeartBeatItem({ func: (context) => void ticks.push(context.tick) });
    void heartbeat.register('k', item);
    void heartbeat.remove('k');
    await heartbeat.register('k', item);
    expect(item.key).toBe('k');
    await heartbeat.start();
    await heartbeat.advance(2);
    expect(ticks).toEqual([1, 2]);
  });

  it("puts a HeartBeatItem's fields back to the worker's view after a run that left them invalid", async () => {
    const { heartbeat } = connect();
    const errors = collect(heartbeat, 'error');
    const item = new HeartBeatItem({
      func: (context) => {
        context.metadata = { x: 2 };
        context.modTick = -1;
      },
      modTick: 1,
      metadata: { x: 1 },
    });
    await heartbeat.register('k', item);
    await heartbeat.start();
    await heartbeat.advance(1);
    await expect.poll(() => item.modTick).toBe(1);
    expect(item.metadata).toEqual({ x: 1 });
    expect(errors).toHaveLength(1);
  });

  it('reports how long a timed-out main-thread run lasted', async () => {
    const { heartbeat } = connect();
    const runs = collect(heartbeat, 'run');
    await heartbeat.register('hangs', () => new Promise(() => undefined), { timeoutMs: 150 });
    const startedAt = performance.now();
    await heartbeat.start();
    // Tick 1 at 100 ms starts it; its timeout passes at 250 ms, on the way to tick 3.
    await heartbeat.advance(3, { settle: false });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ key: 'hangs', tick: 1, ok: false, timedOut: true });
    expect(runs[0]!.durationMs).toBeGreaterThan(0);
    expect(runs[0]!.durationMs).toBeLessThanOrEqual(performance.now() - startedAt);
  });

  it('runs a worker task and delivers its result in a run event', async () => {
    const { heartbeat } = connect({}, { double: ({ input, tick }) => (input as number) * tick });
    const runs = collect(heartbeat, 'run');
    await heartbeat.registerTask('doubler', 'double', { input: 21 });
    await heartbeat.start();
    await heartbeat.advance(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.map((run) => [run.key, run.tick, run.value])).toEqual([
      ['doubler', 1, 21],
      ['doubler', 2, 42],
    ]);
    expect((await heartbeat.get('doubler'))?.lastResult).toBe(42);
  });

  it('rejects every call after close with code closed', async () => {
    const { heartbeat } = connect();
    await heartbeat.start();
    await heartbeat.close();
    await expect(heartbeat.start()).rejects.toMatchObject({ code: 'closed' });
    await expect(heartbeat.keys()).rejects.toMatchObject({ code: 'closed' });
  });

  it('rejects pending calls when the worker fails instead of leaving them hanging', async () => {
    const { port1 } = new MessageChannel();
    const heartbeat = new HeartBeat({ worker: () => port1 });
    const pending = heartbeat.keys();
    port1.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toMatchObject({ code: 'worker-failed' });
    await expect(heartbeat.start()).rejects.toMatchObject({ code: 'worker-failed' });
    // Closing a heartbeat whose worker died resolves: there is nothing left to close, and later calls say so.
    await expect(heartbeat.close()).resolves.toBeUndefined();
    await expect(heartbeat.keys()).rejects.toMatchObject({ code: 'closed' });
  });

  it('fails every call with worker-failed when the worker never answers, and close() still resolves', async () => {
    // The client's own connect timeout (real setTimeout) is what is tested here, so the global timers are faked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { port1 } = new MessageChannel();
      const heartbeat = new HeartBeat({ worker: () => port1 });
      const pending = heartbeat.keys();
      pending.catch(() => undefined);
      vi.advanceTimersByTime(10_000);
      await expect(pending).rejects.toMatchObject({ code: 'worker-failed', message: expect.stringContaining('did not answer within 10000 ms') });
      await expect(heartbeat.close()).resolves.toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
