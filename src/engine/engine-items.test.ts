import { describe, expect, it } from 'vitest';
import { createHarness, finish, mainItem, runBeats } from './test-harness.ts';

describe('maxRuns', () => {
  it('runs exactly maxRuns times, then is done and still listed', async () => {
    const h = createHarness();
    h.engine.register(mainItem('thrice', { maxRuns: 3 }));
    h.engine.start();
    const ran = await runBeats(h, 10);
    expect(ran.get('thrice')).toEqual([1, 2, 3]);
    expect(h.engine.get('thrice')).toMatchObject({ timesRan: 3, lastTickRan: 3, done: true });
    expect(h.engine.list().map((item) => item.key)).toEqual(['thrice']);
    expect(h.engine.status().keys).toEqual(['thrice']);
  });

  it('counts maxRuns together with modTick (the seed let modTick overwrite the maxRuns check)', async () => {
    const h = createHarness();
    h.engine.register(mainItem('limited', { modTick: 3, maxRuns: 2 }));
    h.engine.start();
    const ran = await runBeats(h, 30);
    expect(ran.get('limited')).toEqual([3, 6]);
    expect(h.engine.get('limited')).toMatchObject({ timesRan: 2, done: true });
  });

  it('runs again when maxRuns is raised by update(), up to the new limit', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { maxRuns: 1 }));
    h.engine.start();
    await runBeats(h, 3);
    expect(h.engine.get('job')!.done).toBe(true);
    expect(h.engine.update('job', { maxRuns: 3 }).done).toBe(false);
    const ran = await runBeats(h, 5);
    expect(ran.get('job')).toEqual([4, 5]);
    expect(h.engine.get('job')).toMatchObject({ timesRan: 3, done: true });
  });

  it('runs without limit with maxRuns 0, the default', async () => {
    const h = createHarness();
    h.engine.register(mainItem('forever'));
    h.engine.start();
    const ran = await runBeats(h, 50);
    expect(ran.get('forever')).toHaveLength(50);
    expect(h.engine.get('forever')).toMatchObject({ maxRuns: 0, done: false });
  });
});

describe('what a run records and keeps', () => {
  it('counts timesRan, sets lastTickRan, and shows the run both in its context', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { modTick: 2 }));
    expect(h.engine.get('job')).toMatchObject({ timesRan: 0, lastTickRan: 0 });
    h.engine.start();
    await h.clock.advanceBy(2_000);
    const run = h.beats()[1]!.due[0]!;
    expect(run.context).toMatchObject({ key: 'job', tick: 2, timesRan: 1, lastTickRan: 2, modTick: 2 });
    expect(h.engine.get('job')).toMatchObject({ timesRan: 1, lastTickRan: 2, inFlight: 1 });
    finish(h.engine, run);
    expect(h.engine.get('job')).toMatchObject({ timesRan: 1, lastTickRan: 2, inFlight: 0 });
  });

  it('keeps the metadata a run sends back and hands it to the next run', async () => {
    const h = createHarness();
    h.engine.register(mainItem('counter', { metadata: { count: 0, since: new Date(0) } }));
    h.engine.start();
    const seen: unknown[] = [];
    await runBeats(h, 3, {
      counter: (context) => {
        seen.push(context.metadata.count);
        context.metadata.count = (context.metadata.count as number) + 1;
      },
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(h.engine.get('counter')!.metadata).toEqual({ count: 3, since: new Date(0) });
  });

  it('keeps modTick, maxRuns and paused set by a run', async () => {
    const h = createHarness();
    h.engine.register(mainItem('slows-down'));
    h.engine.register(mainItem('limits-itself'));
    h.engine.register(mainItem('pauses-itself'));
    h.engine.start();
    const ran = await runBeats(h, 12, {
      'slows-down': (context) => void (context.modTick = 5),
      'limits-itself': (context) => void (context.maxRuns = 2),
      'pauses-itself': (context) => void (context.paused = context.timesRan === 2),
    });
    expect(ran.get('slows-down')).toEqual([1, 5, 10]);
    expect(ran.get('limits-itself')).toEqual([1, 2]);
    expect(ran.get('pauses-itself')).toEqual([1, 2]);
    expect(h.engine.get('pauses-itself')).toMatchObject({ paused: true, done: false });
  });

  it("leaves a pause() made while the run was going alone, since the run did not touch `paused`", async () => {
    const h = createHarness();
    h.engine.register(mainItem('job'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const run = h.beats()[0]!.due[0]!;
    h.engine.pause('job');
    finish(h.engine, run, (context) => void (context.metadata.touched = true));
    expect(h.engine.get('job')).toMatchObject({ paused: true, metadata: { touched: true } });
  });
});

describe("the seed's example", () => {
  it('runs an item that doubles its own modTick on ticks 1, 2, 4, 8, 16, 32 and no other', async () => {
    const h = createHarness();
    h.engine.register(mainItem('RealHeartBeatItem'));
    h.engine.start();
    const ran = await runBeats(h, 40, {
      RealHeartBeatItem: (context) => {
        context.metadata[`Iter ${context.timesRan}`] = context.tick;
        if (!context.modTick) context.modTick = 1;
        else context.modTick *= 2;
      },
    });
    expect(ran.get('RealHeartBeatItem')).toEqual([1, 2, 4, 8, 16, 32]);
    expect(h.engine.get('RealHeartBeatItem')).toMatchObject({
      timesRan: 6,
      lastTickRan: 32,
      modTick: 32,
      metadata: { 'Iter 1': 1, 'Iter 2': 2, 'Iter 3': 4, 'Iter 4': 8, 'Iter 5': 16, 'Iter 6': 32 },
    });
  });
});

describe('pause, unPause, update, remove', () => {
  it('does not run a paused item, and runs it again from the next due tick after unPause()', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { modTick: 2 }));
    h.engine.register(mainItem('sleeper', { startPaused: true }));
    h.engine.start();
    const before = await runBeats(h, 2);
    expect(before.get('job')).toEqual([2]);
    h.engine.pause('job');
    const whilePaused = await runBeats(h, 4);
    expect(whilePaused.size).toBe(0);
    h.engine.unPause('job');
    h.engine.unPause('sleeper');
    const after = await runBeats(h, 3);
    expect(after.get('job')).toEqual([8]);
    expect(after.get('sleeper')).toEqual([7, 8, 9]);
  });

  it('update() returns the new snapshot and keeps fields it was not given', () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { modTick: 3, maxRuns: 9, metadata: { a: 1 } }));
    expect(h.engine.update('job', { metadata: { b: 2 } })).toMatchObject({ modTick: 3, maxRuns: 9, metadata: { b: 2 } });
    expect(h.engine.get('job')!.metadata).toEqual({ b: 2 });
  });

  it('remove() deletes the item so it is neither listed nor run, and answers false the second time', async () => {
    const h = createHarness();
    h.engine.register(mainItem('gone'));
    h.engine.register(mainItem('stays'));
    h.engine.start();
    await runBeats(h, 1);
    expect(h.engine.remove('gone')).toBe(true);
    expect(h.engine.remove('gone')).toBe(false);
    const ran = await runBeats(h, 2);
    expect(ran.has('gone')).toBe(false);
    expect(h.engine.get('gone')).toBeUndefined();
    expect(h.engine.list().map((item) => item.key)).toEqual(['stays']);
    expect(h.engine.status().keys).toEqual(['stays']);
  });

  it('lets a removed key be registered again, afresh', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job'));
    h.engine.start();
    await runBeats(h, 2);
    h.engine.remove('job');
    expect(h.engine.register(mainItem('job'))).toMatchObject({ timesRan: 0, lastTickRan: 0 });
  });
});
