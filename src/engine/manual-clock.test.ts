import { describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.ts';

describe('createManualClock', () => {
  it('starts at the given epoch time and moves only when told', async () => {
    const clock = createManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advanceBy(250);
    expect(clock.now()).toBe(1_250);
    clock.jumpBy(50);
    expect(clock.now()).toBe(1_300);
  });

  it('fires timers in deadline order, each at its own deadline, not in the order they were set', async () => {
    const clock = createManualClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => fired.push(['c', clock.now()]), 300);
    clock.setTimer(() => fired.push(['a', clock.now()]), 100);
    clock.setTimer(() => fired.push(['b', clock.now()]), 200);
    clock.setTimer(() => fired.push(['late', clock.now()]), 1_000);
    await clock.advanceBy(500);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers with the same deadline in the order they were set', async () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('first'), 100);
    clock.setTimer(() => fired.push('second'), 100);
    await clock.advanceBy(100);
    expect(fired).toEqual(['first', 'second']);
  });

  it('fires a timer armed by another timer if its deadline falls within the same advance', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => {
      fired.push(clock.now());
      clock.setTimer(() => fired.push(clock.now()), 100);
    }, 100);
    await clock.advanceBy(250);
    expect(fired).toEqual([100, 200]);
  });

  it('never fires a cleared timer', async () => {
    const clock = createManualClock(0);
    let fired = false;
    const handle = clock.setTimer(() => (fired = true), 100);
    clock.clearTimer(handle);
    await clock.advanceBy(1_000);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('jumpBy fires nothing; the overdue timer fires on the next advance, at the time it is then, not back in the past', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 100);
    clock.setTimer(() => fired.push(clock.now()), 200);
    clock.jumpBy(10_000);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(2);
    await clock.advanceBy(0);
    expect(fired).toEqual([10_000, 10_000]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('lets promise callbacks queued by a timer settle before the next timer fires', async () => {
    const clock = createManualClock(0);
    const log: string[] = [];
    clock.setTimer(() => {
      void Promise.resolve()
        .then(() => undefined)
        .then(() => log.push('async work of the first timer'));
    }, 100);
    clock.setTimer(() => log.push('second timer'), 200);
    await clock.advanceBy(200);
    expect(log).toEqual(['async work of the first timer', 'second timer']);
  });
});
