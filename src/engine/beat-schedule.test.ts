import { describe, expect, it } from 'vitest';
import { type BeatSchedule, beatDueAt, nextDueTick, tickReachedAt } from './beat-schedule.ts';

describe('tickReachedAt', () => {
  it('reaches beat n exactly at its deadline and not a moment before, for fractional intervals too', () => {
    const mismatches: string[] = [];
    for (const intervalMs of [1, 33.3, 16.7, 100 / 3, 7.77, 5000]) {
      for (const anchorAt of [0, 1_700_000_000_000, 1_733_291_234_567.891]) {
        const schedule: BeatSchedule = { intervalMs, anchorAt, anchorTick: 7 };
        for (let n = 8; n < 2_000; n++) {
          const dueAt = beatDueAt(schedule, n);
          if (tickReachedAt(schedule, dueAt) !== n) mismatches.push(`${intervalMs} ms, beat ${n} at its deadline`);
          const justBefore = Math.max(anchorAt, dueAt - Math.min(1e-3, intervalMs / 2));
          if (justBefore < dueAt && tickReachedAt(schedule, justBefore) !== n - 1) {
            mismatches.push(`${intervalMs} ms, beat ${n} just before its deadline`);
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('stays at the anchor tick before the first deadline and for times before the anchor', () => {
    const schedule: BeatSchedule = { intervalMs: 100, anchorAt: 1_000, anchorTick: 3 };
    expect(tickReachedAt(schedule, 1_099)).toBe(3);
    expect(tickReachedAt(schedule, 500)).toBe(3);
    expect(tickReachedAt(schedule, 1_100)).toBe(4);
    expect(tickReachedAt(schedule, 1_000 + 100 * 10_000 + 50)).toBe(10_003);
  });
});

describe('nextDueTick', () => {
  it('is the next tick for modTick 0 and 1, the next multiple otherwise', () => {
    expect([nextDueTick(0, 5), nextDueTick(1, 5), nextDueTick(4, 5), nextDueTick(4, 8), nextDueTick(3, 0)]).toEqual([6, 6, 8, 12, 3]);
  });
});
