import { describe, expect, it } from 'vitest';
import { deliveredShare, drift, latenessMs, median, percentile, slope, summarizeLateness } from './stats.ts';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBeCloseTo(46, 10);
  });

  it('gives the minimum at 0 and the maximum at 100, whatever the input order', () => {
    const values = [5, -3, 12, 0.5, 7];
    expect(percentile(values, 0)).toBe(-3);
    expect(percentile(values, 100)).toBe(12);
    expect(median(values)).toBe(5);
    expect(values).toEqual([5, -3, 12, 0.5, 7]);
  });

  it('p99 of 1..1000 sits between the 990th and 991st value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBeCloseTo(990.01, 10);
  });

  it('is NaN without values and rejects a percentile outside 0–100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow('got 101');
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('latenessMs', () => {
  it('measures each arrival against startedAt + index × interval', () => {
    expect(latenessMs(1000, 50, [1, 2, 4], [1050.5, 1099, 1203])).toEqual([0.5, -1, 3]);
  });

  it('refuses indexes and arrivals of different lengths', () => {
    expect(() => latenessMs(0, 10, [1, 2], [10])).toThrow('got 2 and 1');
  });
});

describe('summarizeLateness', () => {
  it('reports count, mean, p50, p90, p99, max and min', () => {
    const lateness = Array.from({ length: 101 }, (_, i) => i / 10);
    const summary = summarizeLateness(lateness);
    expect(summary).toMatchObject({ count: 101, p50Ms: 5, maxMs: 10, minMs: 0 });
    expect(summary.meanMs).toBeCloseTo(5, 10);
    expect(summary.p90Ms).toBeCloseTo(9, 10);
    expect(summary.p99Ms).toBeCloseTo(9.9, 10);
  });

  it('gives NaN figures for a source that delivered nothing', () => {
    const summary = summarizeLateness([]);
    expect(summary.count).toBe(0);
    expect(summary.p99Ms).toBeNaN();
    expect(summary.maxMs).toBeNaN();
  });
});

describe('drift', () => {
  it('finds no growth in a flat series, even with outliers', () => {
    const lateness = Array.from({ length: 1200 }, (_, i) => (i % 97 === 0 ? 30 : 0.4));
    const result = drift(lateness);
    expect(result.beats).toBe(1200);
    expect(result.growthMs).toBe(0);
    expect(Math.abs(result.slopeMsPer1000Beats)).toBeLessThan(0.5);
  });

  it('measures a steady 1 µs-per-beat drift as about 1 ms per 1,000 beats', () => {
    const lateness = Array.from({ length: 1200 }, (_, i) => 0.2 + i * 0.001);
    const result = drift(lateness);
    expect(result.slopeMsPer1000Beats).toBeCloseTo(1, 10);
    // Tenths of 120 beats: medians at beats 59.5 and 1139.5.
    expect(result.firstTenthMedianMs).toBeCloseTo(0.2595, 10);
    expect(result.lastTenthMedianMs).toBeCloseTo(1.3395, 10);
    expect(result.growthMs).toBeCloseTo(1.08, 10);
  });

  it('compares single beats when there are fewer than ten', () => {
    expect(drift([1, 5, 3]).growthMs).toBe(2);
    expect(drift([]).growthMs).toBeNaN();
  });
});

describe('slope', () => {
  it('fits a line through the points', () => {
    expect(slope([1, 3, 5, 7])).toBe(2);
    expect(slope([4])).toBe(0);
    expect(slope([])).toBeNaN();
  });
});

describe('deliveredShare', () => {
  it('counts arrivals in (from, to] against the beats that fit the window', () => {
    const arrivals = [1000, 1100, 1200, 1300, 1400, 2000];
    expect(deliveredShare(arrivals, 1000, 1500, 100)).toEqual({ delivered: 4, expected: 5, share: 0.8 });
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => deliveredShare([], 10, 10, 1)).toThrow('got 10 to 10');
  });
});
