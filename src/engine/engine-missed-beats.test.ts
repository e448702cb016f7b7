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
  it('runs an item whose multiple is the wake-up tick once, on that tick, and keeps its grid', async () => {
    const { h } = await afterFirstBeat();
    h.clock.jumpBy(3_000);
    await h.clock.advanceBy(0);
    const wake = h.beats()[1]!;
    expect(wake).toMatchObject({ tick: 4, missed: 2 });
    expect(wake.due.filter((run) => run.context.key === 'four').map((run) => run.context.tick)).toEqual([4]);
    for (const run of wake.due) finish(h.engine, run);
    const ran = await runBeats(h, 8);
    expect(ran.get('four')).toEqual([8, 12]);
    expect(h.engine.get('four')).toMatchObject({ timesRan: 3, lastTickRan: 12 });
  });

  it('counts the gap as one run against maxRuns, and an item done before the gap stays done', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('once', { maxRuns: 1 }));
    h.engine.register(mainItem('five', { maxRuns: 5 }));
    h.engine.start();
    await runBeats(h, 1);
    expect(h.engine.get('once')).toMatchObject({ timesRan: 1, done: true });

    h.clock.jumpBy(10_000 * 1_000);
    await h.clock.advanceBy(0);
    const wake = h.beats()[1]!;
    expect(wake).toMatchObject({ tick: 10_001, missed: 9_999 });
    expect(wake.due.map((run) => run.context.key)).toEqual(['five']);
    finish(h.engine, wake.due[0]!);
    expect(h.engine.get('five')).toMatchObject({ timesRan: 2, lastTickRan: 10_001, done: false });

    const ran = await runBeats(h, 6);
    expect(ran.get('five')).toEqual([10_002, 10_003, 10_004]);
    expect(ran.has('once')).toBe(false);
    expect(h.engine.get('five')).toMatchObject({ timesRan: 5, done: true });
    expect(h.engine.get('once')!.timesRan).toBe(1);
  });

  it('does not run a paused item for the gap, and reports each of two gaps on its own', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('every'));
    h.engine.register(mainItem('paused', { startPaused: true }));
    h.engine.start();
    await runBeats(h, 1);
    h.clock.jumpBy(10_000);
    await h.clock.advanceBy(0);
    for (const run of h.beats()[1]!.due) finish(h.engine, run);
    h.clock.jumpBy(5_000);
    await h.clock.advanceBy(0);
    for (const run of h.beats()[2]!.due) finish(h.engine, run);

    expect(h.beats().map(({ tick, missed, due }) => [tick, missed, due.map((run) => run.context.key)])).toEqual([
      [1, 0, ['every']],
      [11, 9, ['every']],
      [16, 4, ['every']],
    ]);
    expect(h.engine.get('every')).toMatchObject({ timesRan: 3, lastTickRan: 16 });
    expect(h.engine.get('paused')!.timesRan).toBe(0);
  });
});

describe('a command handled after a gap but before the overdue timer', () => {
  // A worker that was frozen or busy may take a queued message from the page before its own late timer: the
  // command must see the tick wall-clock time says it is, not the one before the gap.
  it('registers an item against the wall-clock tick, so a modTick item keeps to its multiples', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('every'));
    h.engine.start();
    await runBeats(h, 1);
    h.clock.jumpBy(10_000);

    const snapshot = h.engine.register(mainItem('late', { modTick: 4 }));
    // The beats of the gap were settled before the item existed: it was never due in them.
    expect(h.beats()[1]).toMatchObject({ tick: 11, missed: 9, scheduledAt: 11_000, firedAt: 11_000 });
    expect(h.beats()[1]!.due.map((run) => run.context.key)).toEqual(['every']);
    expect(snapshot).toMatchObject({ timesRan: 0, lastTickRan: 0 });
    expect(h.engine.status().tick).toBe(11);
    for (const run of h.beats()[1]!.due) finish(h.engine, run);

    await h.clock.advanceBy(0);
    expect(h.beats()).toHaveLength(2);
    const ran = await runBeats(h, 6);
    expect(ran.get('late')).toEqual([12, 16]);
    expect(h.beats().slice(2).map((beat) => beat.missed)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('applies an update or unPause from the wall-clock tick on, not from the tick before the gap', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('resumed', { startPaused: true }));
    h.engine.register(mainItem('retimed', { modTick: 50 }));
    h.engine.start();
    await runBeats(h, 1);
    h.clock.jumpBy(10_000);

    h.engine.unPause('resumed');
    h.engine.update('retimed', { modTick: 3 });
    // Neither could run in the gap (paused; next multiple of 50 still ahead), so the gap's beat ran nothing.
    expect(h.beats().map(({ tick, missed, due }) => [tick, missed, due.length])).toEqual([
      [1, 0, 0],
      [11, 9, 0],
    ]);
    const ran = await runBeats(h, 4);
    expect(ran.get('resumed')).toEqual([12, 13, 14, 15]);
    expect(ran.get('retimed')).toEqual([12, 15]);
  });

  it('leaves a command made before the next deadline alone: no beat is settled early', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    await h.clock.advanceBy(1_999);
    h.engine.register(mainItem('job'));
    expect(h.beats()).toHaveLength(1);
    await h.clock.advanceBy(1);
    expect(h.beats()[1]).toMatchObject({ tick: 2, missed: 0, scheduledAt: 2_000 });
    expect(h.beats()[1]!.due.map((run) => run.context.key)).toEqual(['job']);
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

  it('settles a 10,000-interval gap in one beat, then keeps modTick exact on the new interval', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('every'));
    h.engine.register(mainItem('four', { modTick: 4 }));
    h.engine.register(mainItem('twice', { maxRuns: 2 }));
    h.engine.start();
    await runBeats(h, 1);
    h.clock.jumpBy(10_000 * 1_000 + 300);
    h.engine.changeInterval(250);

    const settled = h.beats()[1]!;
    expect(settled).toMatchObject({ tick: 10_001, missed: 9_999, scheduledAt: 10_001_000, firedAt: 10_001_300 });
    expect(settled.due.map((run) => run.context.key).sort()).toEqual(['every', 'four', 'twice']);
    for (const run of settled.due) finish(h.engine, run);
    expect(h.engine.get('twice')).toMatchObject({ timesRan: 2, done: true });

    const ran = await runBeats(h, 8);
    expect(h.beats().slice(2).map(({ tick, scheduledAt }) => [tick, scheduledAt - 10_001_300])).toEqual(
      Array.from({ length: 8 }, (_, i) => [10_002 + i, 250 * (i + 1)]),
    );
    expect(ran.get('four')).toEqual([10_004, 10_008]);
    expect(ran.get('every')).toHaveLength(8);
    expect(ran.has('twice')).toBe(false);
  });

  it('settles nothing when the heartbeat was stopped through the gap', async () => {
    const h = createHarness({ intervalMs: 1_000 });
    h.engine.register(mainItem('job'));
    h.engine.start();
    await runBeats(h, 1);
    h.engine.stop();
    h.clock.jumpBy(10_000);
    h.engine.changeInterval(500);
    expect(h.beats()).toHaveLength(1);
    h.engine.start();
    await h.clock.advanceBy(500);
    expect(h.beats()[1]).toMatchObject({ tick: 2, missed: 0, scheduledAt: 11_500 });
  });
});
