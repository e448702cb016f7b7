/**
 * Pure beat arithmetic. Beats sit on absolute deadlines measured from an anchor (the last `start()` or
 * `changeInterval()`), so a late timer never pushes the following beats later: delay cannot accumulate.
 */
export interface BeatSchedule {
  intervalMs: number;
  /** Epoch ms when the schedule was anchored. */
  anchorAt: number;
  /** The tick count at the anchor; beat `anchorTick + n` is due at `anchorAt + n × intervalMs`. */
  anchorTick: number;
}

/** When beat `tick` is due. */
export function beatDueAt(schedule: BeatSchedule, tick: number): number {
  return schedule.anchorAt + (tick - schedule.anchorTick) * schedule.intervalMs;
}

/** The highest tick whose deadline is at or before `now` (the anchor tick itself if none). */
export function tickReachedAt(schedule: BeatSchedule, now: number): number {
  const elapsed = Math.max(0, now - schedule.anchorAt);
  let reached = schedule.anchorTick + Math.floor(elapsed / schedule.intervalMs);
  // With a fractional interval (33.3 ms) the division can land a hair off a whole number exactly at a deadline.
  // The deadlines are what the timer is armed for, so they decide: beat n is reached iff beatDueAt(n) <= now.
  if (beatDueAt(schedule, reached + 1) <= now) reached++;
  else if (reached > schedule.anchorTick && beatDueAt(schedule, reached) > now) reached--;
  return reached;
}

/**
 * The first tick after `afterTick` on which an item with this `modTick` is due: every tick for 0 and 1,
 * otherwise the next multiple of `modTick`.
 */
export function nextDueTick(modTick: number, afterTick: number): number {
  if (modTick <= 1) return afterTick + 1;
  return (Math.floor(afterTick / modTick) + 1) * modTick;
}
