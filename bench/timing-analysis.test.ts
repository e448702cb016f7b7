import { describe, expect, it } from 'vitest';
import type { BeatLog } from './page-api.ts';
import { analyzeLog, analyzeTiming, hiddenSpells } from './timing-analysis.ts';

const visible = (at: number) => ({ state: 'visible' as const, at });
const hidden = (at: number) => ({ state: 'hidden' as const, at });

describe('hiddenSpells', () => {
  it('pairs each hidden→visible change with the next label', () => {
    const changes = [visible(0), hidden(1000), visible(3000), hidden(4000), visible(9000)];
    expect(hiddenSpells(changes, ['short', 'long'])).toEqual([
      { label: 'short', fromAt: 1000, toAt: 3000 },
      { label: 'long', fromAt: 4000, toAt: 9000 },
    ]);
  });

  it('ignores a repeated state, as when a hide is reported twice', () => {
    expect(hiddenSpells([visible(0), hidden(10), hidden(20), visible(50), visible(60)], ['one'])).toEqual([
      { label: 'one', fromAt: 10, toAt: 50 },
    ]);
  });

  it('refuses a run that did not hide the page as planned', () => {
    expect(() => hiddenSpells([visible(0), hidden(10)], ['one'])).toThrow('still hidden');
    expect(() => hiddenSpells([visible(0), hidden(10), visible(20)], ['one', 'two'])).toThrow('the page saw 1');
    expect(() => hiddenSpells([hidden(1), visible(2), hidden(3), visible(4)], ['one'])).toThrow('more often than planned');
  });
});

/** A 100 ms source started at 0 whose beats arrive `late(n)` ms after their ideal time, for beats 1..count. */
function log(count: number, late: (n: number) => number, extra: Partial<BeatLog> = {}): BeatLog {
  const beatIndex = Array.from({ length: count }, (_, i) => i + 1);
  return {
    source: 'heartbeat',
    intervalMs: 100,
    startedAt: 0,
    beatIndex,
    arrivedAt: beatIndex.map((n) => n * 100 + late(n)),
    firedAt: beatIndex.map(() => null),
    counters: {},
    ...extra,
  };
}

describe('analyzeLog', () => {
  it('measures lateness and drift over the beats before the first spell only', () => {
    // Beats 1–20 arrive 1 ms late, then the page is hidden at 2050 and beats come 500 ms late.
    const result = analyzeLog(log(40, (n) => (n <= 20 ? 1 : 500)), [{ label: 'h', fromAt: 2050, toAt: 4050 }]);
    expect(result.visible.count).toBe(20);
    expect(result.visible.p50Ms).toBe(1);
    expect(result.visible.maxMs).toBe(1);
    expect(result.visible.drift.growthMs).toBe(0);
    expect(result.visible.delivered).toEqual({ delivered: 20, expected: 20.5, share: 20 / 20.5 });
  });

  it('shows a source that falls behind as growing lateness', () => {
    // Every beat 0.5 ms later than the one before: a 100.5 ms period.
    const result = analyzeLog(log(100, (n) => n * 0.5), []);
    expect(result.visible.drift.slopeMsPer1000Beats).toBeCloseTo(500, 6);
    expect(result.visible.drift.growthMs).toBeCloseTo(45, 6);
  });

  it('counts each spell’s deliveries against the beats that fit in it', () => {
    // Hidden from 1000 to 2000: beats 11–20 are due in it; only the even ones come.
    const full = log(30, () => 2);
    const keep = full.beatIndex.map((n) => n <= 10 || n > 20 || n % 2 === 0);
    const sparse = {
      ...full,
      beatIndex: full.beatIndex.filter((_, i) => keep[i]),
      arrivedAt: full.arrivedAt.filter((_, i) => keep[i]),
      firedAt: full.firedAt.filter((_, i) => keep[i]),
    };
    const [spell] = analyzeLog(sparse, [{ label: 'hidden 1 s', fromAt: 1000, toAt: 2000 }]).hidden;
    // By arrival: beat 10 (at 1002) is in, beat 20 (at 2002) is out, so 10, 12, 14, 16 and 18: 5 of 10.
    expect(spell).toEqual({ label: 'hidden 1 s', hiddenMs: 1000, delivered: 5, expected: 10, share: 0.5 });
  });

  it('splits lateness into timer and delivery where the source stamps its fire time', () => {
    const stamped = log(10, () => 3, { firedAt: Array.from({ length: 10 }, (_, i) => (i < 5 ? (i + 1) * 100 + 1 : null)) });
    const { visibleSplit } = analyzeLog(stamped, []);
    expect(visibleSplit?.stamped).toBe(5);
    expect(visibleSplit?.timer.p50Ms).toBe(1);
    expect(visibleSplit?.delivery.p50Ms).toBe(2);
    expect(analyzeLog(log(10, () => 3), []).visibleSplit).toBeUndefined();
  });

  it('gives a row with NaN lateness to a source that never beat', () => {
    const result = analyzeLog(log(0, () => 0), [{ label: 'h', fromAt: 1000, toAt: 2000 }]);
    expect(result.visible.count).toBe(0);
    expect(result.visible.p99Ms).toBeNaN();
    expect(result.hidden[0]?.share).toBe(0);
  });
});

describe('analyzeTiming', () => {
  it('analyzes every log over the same spells and keeps the source counters', () => {
    const records = {
      logs: [log(30, () => 1, { counters: { missedBeats: 2 } }), log(30, () => 5, { source: 'naive-worker' })],
      visibility: [visible(0), hidden(1050), visible(2050)],
    };
    const { spells, sources } = analyzeTiming(records, ['hidden 1 s']);
    expect(spells).toEqual([{ label: 'hidden 1 s', fromAt: 1050, toAt: 2050 }]);
    expect(sources.map((s) => [s.source, s.visible.p50Ms, s.hidden[0]?.delivered, s.counters])).toEqual([
      ['heartbeat', 1, 10, { missedBeats: 2 }],
      ['naive-worker', 5, 10, {}],
    ]);
  });
});
