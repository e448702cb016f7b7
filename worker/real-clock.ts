import type { Clock } from '../src/engine/clock.ts';

/**
 * The engine's clock in a real worker. Epoch milliseconds from `performance` (sub-millisecond and monotonic within
 * the worker) rather than `Date.now()`, which jumps when the system clock is set. Dedicated-worker timers are not
 * throttled in a hidden tab, which is the point of running here.
 */
export function createRealClock(): Clock {
  return {
    now: () => performance.timeOrigin + performance.now(),
    setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
