/**
 * Time as a capability the engine is given, never reads itself. `now()` is epoch milliseconds so that times can
 * cross threads and reloads. The engine keeps at most one timer armed.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Opaque handle of an armed timer. */
export type TimerHandle = unknown;
