import { describe, expect, it } from 'vitest';
import { createDueQueue } from './due-queue.ts';

describe('createDueQueue', () => {
  it('hands out keys due on or before the tick in tick order, and keeps the later ones', () => {
    const queue = createDueQueue();
    queue.schedule('d', 40);
    queue.schedule('b', 20);
    queue.schedule('a', 10);
    queue.schedule('c', 30);
    expect(queue.takeDue(5)).toEqual([]);
    expect(queue.takeDue(30)).toEqual(['a', 'b', 'c']);
    expect(queue.takeDue(30)).toEqual([]);
    expect(queue.takeDue(100)).toEqual(['d']);
  });

  it('orders keys due on the same tick by key, so a beat runs items in a stable order', () => {
    const queue = createDueQueue();
    for (const key of ['m', 'z', 'a', 'k']) queue.schedule(key, 7);
    expect(queue.takeDue(7)).toEqual(['a', 'k', 'm', 'z']);
  });

  it('takes a key out once it is handed out: it must be scheduled again to come back', () => {
    const queue = createDueQueue();
    queue.schedule('a', 1);
    expect(queue.takeDue(1)).toEqual(['a']);
    expect(queue.takeDue(1_000)).toEqual([]);
  });

  it('forgets an unscheduled key', () => {
    const queue = createDueQueue();
    queue.schedule('a', 1);
    queue.schedule('b', 2);
    queue.unschedule('a');
    expect(queue.takeDue(10)).toEqual(['b']);
  });

  it('replaces the earlier schedule of a key, whether the new tick is earlier or later', () => {
    const queue = createDueQueue();
    queue.schedule('later', 1);
    queue.schedule('later', 50);
    queue.schedule('sooner', 50);
    queue.schedule('sooner', 2);
    expect(queue.takeDue(10)).toEqual(['sooner']);
    expect(queue.takeDue(100)).toEqual(['later']);
  });

  it('does not bring back a key that was unscheduled and scheduled again through its old entry', () => {
    const queue = createDueQueue();
    queue.schedule('a', 1);
    queue.unschedule('a');
    queue.schedule('a', 9);
    expect(queue.takeDue(5)).toEqual([]);
    expect(queue.takeDue(9)).toEqual(['a']);
  });

  it('stays bounded after 100,000 reschedules of 10 keys: stale entries are rebuilt away', () => {
    const queue = createDueQueue();
    for (let i = 0; i < 100_000; i++) queue.schedule(`k${i % 10}`, 1_000 + (i % 997));
    // The rebuild runs once stale entries are at least half of 64+; more than that means they pile up.
    expect(queue.size()).toBeLessThanOrEqual(64);
    const due = queue.takeDue(Number.MAX_SAFE_INTEGER);
    expect(due.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('keeps each key at its latest tick through the rebuilds', () => {
    const queue = createDueQueue();
    for (let round = 0; round < 1_000; round++) {
      for (let k = 0; k < 10; k++) queue.schedule(`k${k}`, round * 10 + k);
    }
    // The last round put k0..k9 on ticks 9990..9999; any older entry that survived would surface earlier.
    expect(queue.takeDue(9_989)).toEqual([]);
    expect(queue.takeDue(9_994)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(queue.takeDue(9_999)).toEqual(['k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('also drops stale entries when keys are unscheduled', () => {
    const queue = createDueQueue();
    for (let i = 0; i < 1_000; i++) queue.schedule(`k${i}`, i);
    for (let i = 0; i < 1_000; i++) queue.unschedule(`k${i}`);
    expect(queue.size()).toBeLessThan(64);
    expect(queue.takeDue(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});
