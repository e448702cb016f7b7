import { describe, expect, it } from 'vitest';
import { createHarness, finish, mainItem, runBeats, taskItem } from './test-harness.ts';

/** An engine that has beaten once (tick 1 at 1000 ms, every run finished) before the page freezes. */
async function afterFirstBeat() {
  let taskRuns = 0;
  const h = createHarness({ intervalMs: 1_000, tasks: { count: () => void taskRuns++ } });
  h.engine.register(mainItem('every'));
  h.engine.register(mainItem('four', { modTick: 4 }));
  h.engine.register(mainItem('rare', { modTick: 50_000 }));
  h.engine.register(mainItem('three-times', { maxRuns: 3 }));
  h.engine.register(taskItem('task', 'count'));
  h.engine.start();
  await runBeats(h, 1);
  return { h, taskRuns: () => taskRuns };
}

describe('missed beats', () => {
  it.each([1, 10, 10_000])(
    'after a gap of %i intervals the tick jumps there and each item due in the gap runs once',
    async (gap) => {
      const { h, taskRuns } = await afterFirstBeat();
      h.clock.jumpBy(gap * 1_000);
      await h.clock.advanceBy(0);

      expect(h.beats()).toHaveLength(2);
      const wake = h.beats()[1]!;
      const tick = 1 + gap;
      expect(wake).toMatchObject({ tick, missed: gap - 1, scheduledAt: tick * 1_000, firedAt: tick * 1_000 });
      const fourWasDue = tick >= 4;
      // The due list is in the order items fell due (tick, then key); only membership matters here.
      expect(wake.due.map((run) => run.context.key).sort()).toEqual([
        'every',
        ...(fourWasDue ? ['four'] : []),
        'three-times',
      ]);
      // Every run is on the tick the engine woke on, not on the missed ones.
      expect(wake.due.every((run) => run.context.tick === tick)).toBe(true);
      expect(taskRuns()).toBe(2);
      for (const run of wake.due) finish(h.engine, run);

      expect(h.engine.get('every')).toMatchObject({ timesRan: 2, lastTickRan: tick });
      expect(h.engine.get('four')!.timesRan).toBe(fourWasDue ? 1 : 0);
      expect(h.engine.get('rare')!.timesRan).toBe(0);
      expect(h.engine.get('three-times')!.timesRan).toBe(2);

      // After the gap the rules are exact again: modTick on its multiples, maxRuns to the count.
      const ran = await runBeats(h, 8);
      const next = Array.from({ length: 8 }, (_, i) => tick + 1 + i);
      expect(ran.get('every')).toEqual(next);
      expect(ran.get('four')).toEqual(next.filter((t) => t % 4 === 0));
      expect(ran.get('three-times')).toEqual([tick + 1]);
      expect(h.engine.get('three-times')).toMatchObject({ timesRan: 3, done: true });
      expect(h.beats().slice(2).map((beat) => beat.missed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    },
  );

  it('stays on the absolute grid when the wake-up falls between two beats', async () => {
    const { h } = await afterFirstBeat();
    h.clock.jumpBy(2_600);
    await h.clock.advanceBy(0);
    expect(h.beats()[1]).toMatchObject({ tick: 3, missed: 1, scheduledAt: 3_000, firedAt: 3_600 });
    await h.clock.advanceBy(399);
    expect(h.beats()).toHaveLength(2);
    await h.clock.advanceBy(1);
    expect(h.beats()[2]).toMatchObject({ tick: 4, missed: 0, scheduledAt: 4_000, firedAt: 4_000 });
  });

  it('counts one skip for an item still in flight across a gap, not one per missed beat', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('slow'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    h.clock.jumpBy(10_000);
    await h.clock.advanceBy(0);
    expect(h.beats()[1]).toMatchObject({ tick: 11, missed: 9, due: [] });
    expect(h.engine.get('slow')).toMatchObject({ timesRan: 1, skipped: 1 });
  });

  it('times out a run that was going during the gap first, so the item runs on the wake-up beat', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('slow', { timeoutMs: 300 }));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const first = h.beats()[0]!.due[0]!;
    h.clock.jumpBy(5_000);
    await h.clock.advanceBy(0);
    expect(h.events.map((event) => event.type)).toEqual(['beat', 'abort', 'beat']);
    expect(h.aborts()[0]).toMatchObject({ runId: first.runId, reason: 'timeout' });
    expect(h.beats()[1]!.due.map((run) => run.context.key)).toEqual(['slow']);
    expect(h.engine.get('slow')).toMatchObject({ timesRan: 2, skipped: 0, errorCount: 1 });
  });
});

describe('changeInterval after a gap', () => {
  it('settles the beats missed on the old interval in one beat event, then beats one new interval after the change', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('job'));
    h.engine.start();
    await runBeats(h, 1);
    h.clock.jumpBy(5_500);
    h.engine.changeInterval(200);

    expect(h.beats()).toHaveLength(2);
    expect(h.beats()[1]).toMatchObject({ tick: 6, missed: 4, scheduledAt: 6_000, firedAt: 6_500 });
    expect(h.beats()[1]!.due).toHaveLength(1);
    finish(h.engine, h.beats()[1]!.due[0]!);

    await h.clock.advanceBy(199);
    expect(h.beats()).toHaveLength(2);
    await h.clock.advanceBy(201);
    expect(h.beats().slice(2).map(({ tick, missed, scheduledAt }) => [tick, missed, scheduledAt])).toEqual([
      [7, 0, 6_700],
      [8, 0, 6_900],
    ]);
  });

  it('emits no beat when no beat fell due before the change', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(1_000);
    h.clock.jumpBy(500);
    h.engine.changeInterval(200);
    expect(h.beats()).toHaveLength(1);
    await h.clock.advanceBy(200);
    expect(h.beats()[1]).toMatchObject({ tick: 2, missed: 0, scheduledAt: 1_700 });
  });
});
