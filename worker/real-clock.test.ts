import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, createRealClock } from './real-clock.ts';

// The one test that fakes the global timers: everything else takes a manual clock.
describe('createRealClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells epoch milliseconds, so times can cross threads and reloads', () => {
    expect(Math.abs(createRealClock().now() - Date.now())).toBeLessThan(1_000);
  });

  it('rounds a fractional delay up, so the timer never fires before the deadline it was armed for', () => {
    const clock = createRealClock();
    const fired = vi.fn();
    clock.setTimer(fired, 49.2);
    vi.advanceTimersByTime(49);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('caps a delay past 2^31 - 1 ms, which setTimeout would overflow into firing at once', () => {
    const clock = createRealClock();
    const fired = vi.fn();
    clock.setTimer(fired, 2 ** 32);
    vi.advanceTimersByTime(1_000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS - 1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('clears an armed timer', () => {
    const clock = createRealClock();
    const fired = vi.fn();
    const handle = clock.setTimer(fired, 10);
    clock.clearTimer(handle);
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
  });
});
