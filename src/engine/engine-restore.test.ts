import { describe, expect, it } from 'vitest';
import type { SavedHeartState } from './engine.ts';
import type { SavedItemState } from './item-record.ts';
import { createHarness, mainItem, runBeats, taskItem } from './test-harness.ts';

const tasks = { fetch: (context: { tick: number }) => `fetched on ${context.tick}` };

/**
 * What a previous session left in storage after 6 beats of 500 ms: a main-thread job with history, a paused one,
 * a task this worker still has and one it no longer has. Cloned, as IndexedDB would hand it back.
 */
async function savedSession(): Promise<{ heart: SavedHeartState; items: SavedItemState[] }> {
  const h = createHarness({ intervalMs: 500, tasks: { ...tasks, retired: () => 'old' } });
  h.engine.register(mainItem('job', { modTick: 2 }));
  h.engine.register(mainItem('resting'));
  h.engine.register(taskItem('poll', 'fetch', { modTick: 3 }));
  h.engine.register(taskItem('legacy', 'retired'));
  h.engine.start();
  await runBeats(h, 6, { job: (context) => void (context.metadata.seen = context.tick) });
  h.engine.pause('resting');
  const items = ['job', 'resting', 'poll', 'legacy'].map((key) => h.engine.exportItem(key)!);
  return structuredClone({ heart: h.engine.exportHeart(), items });
}

describe('restore', () => {
  it('brings main-thread items back dormant: listed, not in status().keys, never run', async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore({ ...saved.heart, running: false }, saved.items);

    expect(h.engine.get('job')).toMatchObject({ dormant: true, timesRan: 3, lastTickRan: 6, metadata: { seen: 6 } });
    expect(h.engine.list().map((item) => [item.key, item.dormant])).toEqual([
      ['job', true],
      ['resting', true],
      ['poll', false],
      ['legacy', true],
    ]);
    expect(h.engine.status()).toEqual({ running: false, intervalMs: 500, tick: 6, keys: ['poll'] });

    h.engine.start();
    const ran = await runBeats(h, 6);
    expect([...ran.keys()]).toEqual([]);
    expect(h.engine.get('job')).toMatchObject({ timesRan: 3, lastTickRan: 6 });
    expect(h.engine.get('legacy')).toMatchObject({ dormant: true, timesRan: 6 });
  });

  it('revives a dormant item when its key is registered, with its history and state', async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore({ ...saved.heart, running: false }, saved.items);

    // Options that are the item's state (modTick, metadata, paused) come from storage, not from this registration.
    const job = h.engine.register(mainItem('job', { modTick: 5, metadata: { fresh: true } }, 7));
    expect(job).toMatchObject({ dormant: false, timesRan: 3, lastTickRan: 6, modTick: 2 });
    expect(job.metadata).toEqual({ seen: 6 });
    expect(h.engine.register(mainItem('resting'))).toMatchObject({ dormant: false, paused: true, timesRan: 6 });
    expect(h.engine.status().keys).toEqual(['job', 'resting', 'poll']);

    h.engine.start();
    await runBeats(h, 4);
    const due = h.beats().flatMap((beat) => beat.due);
    expect(due.map((run) => [run.context.key, run.context.tick, run.fnId])).toEqual([
      ['job', 8, 7],
      ['job', 10, 7],
    ]);
    expect(due[0]!.context).toMatchObject({ timesRan: 4, metadata: { seen: 6 } });
  });

  it('starts a dormant key afresh when registered with reset: true', async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore(saved.heart, saved.items);
    const job = h.engine.register(mainItem('job', { reset: true, metadata: { fresh: true } }));
    expect(job).toMatchObject({ dormant: false, timesRan: 0, lastTickRan: 0, modTick: 0 });
    expect(job.metadata).toEqual({ fresh: true });
  });

  it('runs a saved task item right away when the worker has its task', async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore({ ...saved.heart, running: false }, saved.items);
    expect(h.engine.get('poll')).toMatchObject({ dormant: false, timesRan: 2, lastTickRan: 6, lastResult: 'fetched on 6' });
    h.engine.start();
    await h.clock.advanceBy(1_500);
    expect(h.runEvents().map((event) => [event.key, event.tick])).toEqual([['poll', 9]]);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 3, lastResult: 'fetched on 9' });
  });

  it("lets the app's first registration of a resumed task key continue it; a second one is a duplicate", async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore(saved.heart, saved.items);
    await h.clock.advanceBy(1_500);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 3, lastTickRan: 9 });

    // The page registers its items on every load, as it did before the reload.
    const claimed = h.engine.register(taskItem('poll', 'fetch', { modTick: 1, input: { page: 2 } }));
    expect(claimed).toMatchObject({ dormant: false, timesRan: 3, lastTickRan: 9, modTick: 3, input: { page: 2 } });
    expect(() => h.engine.register(taskItem('poll', 'fetch'))).toThrow(expect.objectContaining({ code: 'duplicate-key' }));
    await h.clock.advanceBy(1_500);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 4, lastTickRan: 12 });
  });

  it('starts a resumed task afresh with reset: true and drops the result of its run in flight', async () => {
    const saved = await savedSession();
    let finishSlowRun: (value: string) => void = () => undefined;
    const slow = () => new Promise<string>((resolve) => (finishSlowRun = resolve));
    const h = createHarness({ intervalMs: 500, tasks: { fetch: slow } });
    h.engine.restore(saved.heart, saved.items);
    await h.clock.advanceBy(1_500);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 3, inFlight: 1 });

    const fresh = h.engine.register(taskItem('poll', 'fetch', { reset: true }));
    expect(fresh).toMatchObject({ timesRan: 0, lastTickRan: 0, modTick: 0, inFlight: 0, lastResult: undefined });
    finishSlowRun('stale');
    await h.clock.advanceBy(0);
    expect(h.engine.get('poll')).toMatchObject({ timesRan: 0, lastResult: undefined, errorCount: 0 });
    expect(h.runEvents().filter((event) => event.key === 'poll')).toEqual([]);
  });

  it('starts beating from the saved tick when the heartbeat was saved running', async () => {
    const saved = await savedSession();
    expect(saved.heart).toEqual({ intervalMs: 500, running: true, tick: 6 });
    const h = createHarness({ intervalMs: 5_000, tasks });
    await h.clock.advanceBy(100_000);
    h.engine.restore(saved.heart, saved.items);
    expect(h.engine.status()).toMatchObject({ running: true, intervalMs: 500, tick: 6 });
    await h.clock.advanceBy(500);
    expect(h.beats()).toEqual([{ type: 'beat', tick: 7, missed: 0, scheduledAt: 100_500, firedAt: 100_500, due: [] }]);
  });

  it('lets a dormant item be removed', async () => {
    const saved = await savedSession();
    const h = createHarness({ intervalMs: 500, tasks });
    h.engine.restore(null, saved.items);
    expect(h.engine.remove('legacy')).toBe(true);
    expect(h.engine.list().map((item) => item.key)).toEqual(['job', 'resting', 'poll']);
  });
});
