import type { Clock } from '../src/engine/clock.ts';

/**
 * The engine's clock in a real worker. Epoch milliseconds from `performance` (sub-millisecond and monotonic within
 * the worker) rather than `Date.now()`, which jumps when the system clock is set. Dedicated-worker timers are not
 * throttled in a hidden tab, which is the point of running here.
 *
 * The delay is rounded up because `setTimeout` takes a WebIDL `long`, which truncates: a 49.7 ms wait becomes
 * 49 ms and the timer fires before its deadline. The engine then re-arms for the 0.7 ms left, and since that timer
 * is set from inside a timer callback (nesting level 5 and up) the browser clamps it to 4 ms: every beat would be
 * about 4 ms late (measured by `npm run bench` before this rounding: timer p50 3.8–4.3 ms at every interval).
 */
/**
 * The longest delay `setTimeout` takes: a longer one overflows its 32-bit delay and fires at once, over and over.
 * A timer capped here wakes the engine early, and the engine, which re-plans from the clock on every wake, arms
 * the next one for what is left.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export function createRealClock(): Clock {
  return {
    now: () => performance.timeOrigin + performance.now(),
    setTimer: (callback, delayMs) => setTimeout(callback, Math.min(Math.ceil(delayMs), MAX_TIMER_DELAY_MS)),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
