import type { Clock, TimerHandle } from './clock.ts';

/** A clock that moves only when told to: for engine tests and for `new HeartBeat({ clock: 'manual' })`. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in deadline order, each at its own
   * deadline. Between timers it lets pending promise callbacks run, so async jobs started by one beat can settle
   * before the next.
   */
  advanceBy(ms: number): Promise<void>;
  /** Moves time forward without firing anything: what a frozen page or a sleeping laptop looks like. */
  jumpBy(ms: number): void;
  /** Timers armed and not yet fired. */
  pendingTimers(): number;
}

interface PendingTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

/** Lets queued promise callbacks (several hops deep) run before the clock moves on. */
async function settle(): Promise<void> {
  for (let hop = 0; hop < 20; hop++) await Promise.resolve();
}

/** Creates a manual clock whose time starts at `startAt` epoch ms. */
export function createManualClock(startAt = 0): ManualClock {
  let now = startAt;
  let nextId = 1;
  const timers = new Map<number, PendingTimer>();

  function earliest(): PendingTimer | undefined {
    let first: PendingTimer | undefined;
    for (const timer of timers.values()) {
      if (!first || timer.dueAt < first.dueAt || (timer.dueAt === first.dueAt && timer.id < first.id)) first = timer;
    }
    return first;
  }

  return {
    now: () => now,
    setTimer(callback, delayMs): TimerHandle {
      const id = nextId++;
      timers.set(id, { id, dueAt: now + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimer(handle) {
      timers.delete(handle as number);
    },
    async advanceBy(ms) {
      const target = now + ms;
      await settle();
      for (let timer = earliest(); timer && timer.dueAt <= target; timer = earliest()) {
        timers.delete(timer.id);
        now = Math.max(now, timer.dueAt);
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
    jumpBy(ms) {
      now += ms;
    },
    pendingTimers: () => timers.size,
  };
}
