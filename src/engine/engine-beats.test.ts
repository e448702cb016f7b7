import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../protocol.ts';
import { createEngine } from './engine.ts';
import { createManualClock } from './manual-clock.ts';
import { createHarness, finish, mainItem, runBeats } from './test-harness.ts';

describe('beat timing', () => {
  it('beats every 5000 ms by default, the first one interval after start()', async () => {
    const clock = createManualClock(0);
    const events: WorkerEvent[] = [];
    const engine = createEngine({ clock, emit: (event) => events.push(event) });
    expect(engine.status().intervalMs).toBe(5_000);
    engine.start();
    await clock.advanceBy(4_999);
    expect(events).toEqual([]);
    await clock.advanceBy(1);
    expect(events).toEqual([{ type: 'beat', tick: 1, missed: 0, scheduledAt: 5_000, firedAt: 5_000, due: [] }]);
  });

  it('puts beat n at start + n × interval exactly', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    await h.clock.advanceBy(300);
    h.engine.start();
    await h.clock.advanceBy(5_000);
    expect(h.beats().map((beat) => [beat.tick, beat.scheduledAt, beat.firedAt])).toEqual([
      [1, 1_300, 1_300],
      [2, 2_300, 2_300],
      [3, 3_300, 3_300],
      [4, 4_300, 4_300],
      [5, 5_300, 5_300],
    ]);
    expect(h.engine.status().tick).toBe(5);
  });

  it('times the beats from when the app asked to start, not from when the request arrived', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    await h.clock.advanceBy(300);
    h.engine.start(298);
    await h.clock.advanceBy(2_000);
    expect(h.beats().map((beat) => [beat.tick, beat.scheduledAt, beat.missed])).toEqual([
      [1, 1_298, 0],
      [2, 2_298, 0],
    ]);
  });

  it.each([
    ['over an interval ago (a worker still loading)', 100],
    ['in the future (another clock)', 900],
  ])('anchors at arrival when the request time is %s, so start-up is never missed beats', async (_label, requestedAt) => {
    const h = createHarness({ intervalMs: 100 });
    await h.clock.advanceBy(300);
    h.engine.start(requestedAt);
    await h.clock.advanceBy(100);
    expect(h.beats().map((beat) => [beat.tick, beat.scheduledAt, beat.missed])).toEqual([[1, 400, 0]]);
  });

  it('does not let a late timer push later beats back: deadlines are absolute', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(999);
    // The beat timer (due at 1000) is held up until 1400, like a busy worker thread would.
    h.clock.jumpBy(401);
    await h.clock.advanceBy(0);
    await h.clock.advanceBy(600);
    expect(h.beats().map(({ tick, missed, scheduledAt, firedAt }) => ({ tick, missed, scheduledAt, firedAt }))).toEqual([
      { tick: 1, missed: 0, scheduledAt: 1_000, firedAt: 1_400 },
      { tick: 2, missed: 0, scheduledAt: 2_000, firedAt: 2_000 },
    ]);
  });

  it('continues the tick count after stop() and start(), the next beat one interval after the new start', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(3_000);
    h.engine.stop();
    expect(h.engine.status()).toMatchObject({ running: false, tick: 3 });
    await h.clock.advanceBy(10_500);
    expect(h.beats()).toHaveLength(3);
    h.engine.start();
    await h.clock.advanceBy(999);
    expect(h.beats()).toHaveLength(3);
    await h.clock.advanceBy(1);
    expect(h.beats().at(-1)).toMatchObject({ tick: 4, missed: 0, scheduledAt: 14_500, firedAt: 14_500 });
  });

  it('leaves no timer armed when stopped', async () => {
    const h = createHarness();
    h.engine.start();
    await h.clock.advanceBy(1_000);
    h.engine.stop();
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('ignores a second start() instead of doubling the beats or moving the anchor', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(500);
    h.engine.start();
    await h.clock.advanceBy(2_500);
    expect(h.beats().map((beat) => beat.scheduledAt)).toEqual([1_000, 2_000, 3_000]);
  });

  it('beats on the new interval, counted from the change, after changeInterval()', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(2_400);
    h.engine.changeInterval(300);
    await h.clock.advanceBy(900);
    expect(h.beats().map(({ tick, scheduledAt }) => [tick, scheduledAt])).toEqual([
      [1, 1_000],
      [2, 2_000],
      [3, 2_700],
      [4, 3_000],
      [5, 3_300],
    ]);
    expect(h.engine.status().intervalMs).toBe(300);
  });
});

describe('modTick', () => {
  it('runs modTick 0 and 1 on every beat and modTick n on ticks that are multiples of n', async () => {
    const h = createHarness();
    for (const modTick of [0, 1, 2, 3, 5]) h.engine.register(mainItem(`every-${modTick}`, { modTick }));
    h.engine.start();
    const ran = await runBeats(h, 15);
    const all = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(ran.get('every-0')).toEqual(all);
    expect(ran.get('every-1')).toEqual(all);
    expect(ran.get('every-2')).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(ran.get('every-3')).toEqual([3, 6, 9, 12, 15]);
    expect(ran.get('every-5')).toEqual([5, 10, 15]);
  });

  it('applies a modTick changed by update() from the next multiple on', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { modTick: 5 }));
    h.engine.start();
    await runBeats(h, 6);
    h.engine.update('job', { modTick: 4 });
    const ran = await runBeats(h, 10);
    expect(ran.get('job')).toEqual([8, 12, 16]);
  });
});

describe('cost of a beat', () => {
  it('touches only the items due on it, not every item registered', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    for (let i = 0; i < 10_000; i++) h.engine.register(mainItem(`rare-${i}`, { modTick: 1_000 }));
    h.engine.register(mainItem('often', { modTick: 1 }));
    h.changed.length = 0;
    h.engine.start();

    await h.clock.advanceBy(1_000);
    const first = h.beats()[0]!;
    expect(first.tick).toBe(1);
    expect(first.due.map((run) => run.context.key)).toEqual(['often']);
    finish(h.engine, first.due[0]!);
    // One notice for the run starting and one for it finishing: none for the 10,000 items not due.
    expect(h.changed).toEqual(['often', 'often']);

    h.changed.length = 0;
    // A frozen page waking at tick 999 still only has to deal with what fell due.
    h.clock.jumpBy(998_000);
    await h.clock.advanceBy(0);
    expect(h.beats().at(-1)).toMatchObject({ tick: 999, missed: 997 });
    expect(h.beats().at(-1)!.due).toHaveLength(1);
    expect(h.changed).toEqual(['often']);
    finish(h.engine, h.beats().at(-1)!.due[0]!);

    // The beat where the rare ones are due does the work for all of them.
    await h.clock.advanceBy(1_000);
    expect(h.beats().at(-1)!.tick).toBe(1_000);
    expect(h.beats().at(-1)!.due).toHaveLength(10_001);
  });
});
