import { describe, expect, it } from 'vitest';
import type { FileSize } from './size-run.ts';
import { sizeTargets, timingTargets } from './targets.ts';
import type { SourceTiming } from './timing-analysis.ts';

function heartbeatAt(intervalMs: number, p99Ms: number, growthMs: number, beats: number, shares: number[]): SourceTiming {
  return {
    source: 'heartbeat',
    intervalMs,
    visible: {
      count: beats,
      meanMs: 0.5,
      p50Ms: 0.5,
      p90Ms: 0.5,
      p99Ms,
      maxMs: p99Ms + 1,
      minMs: 0,
      drift: { beats, firstTenthMedianMs: 0.5, lastTenthMedianMs: 0.5 + growthMs, growthMs, slopeMsPer1000Beats: 0 },
      delivered: { delivered: beats, expected: beats, share: 1 },
    },
    hidden: shares.map((share, i) => ({ label: `spell ${i}`, hiddenMs: 10_000, delivered: share * 100, expected: 100, share })),
    counters: {},
  };
}

const labels = ['spell 0', 'spell 1'];

describe('timingTargets', () => {
  it('meets every target with figures inside the limits', () => {
    const sources = [heartbeatAt(50, 1.9, 0.2, 1240, [1, 1]), heartbeatAt(100, 9, 9, 600, [0.995, 0.99])];
    const results = timingTargets(sources, labels);
    expect(results.map((r) => r.verdict)).toEqual(['met', 'met', 'met', 'met']);
    expect(results[0]?.figure).toBe('1.90 ms');
    expect(results[1]?.figure).toBe('+0.20 ms over 1,240 beats');
    expect(results[3]?.figure).toBe('99.0 % (99 of 100.0)');
  });

  it('reports each miss with its figure', () => {
    const sources = [heartbeatAt(50, 4.1, 0.6, 1240, [1, 1]), heartbeatAt(100, 1, 0, 600, [1, 0.98])];
    const results = timingTargets(sources, labels);
    expect(results.map((r) => [r.verdict, r.figure])).toEqual([
      ['missed', '4.10 ms'],
      ['missed', '+0.60 ms over 1,240 beats'],
      ['met', '100.0 % (100 of 100.0)'],
      ['missed', '98.0 % (98 of 100.0)'],
    ]);
  });

  it('does not judge growth over fewer than 1,200 beats', () => {
    const [, growth] = timingTargets([heartbeatAt(50, 1, 0, 100, [])], []);
    expect(growth).toMatchObject({ verdict: 'not measured', figure: '+0.00 ms over 100 beats (too few beats)' });
  });

  it('says "not measured" when timing did not run, never "met"', () => {
    expect(timingTargets(undefined, labels).map((r) => r.verdict)).toEqual(Array(4).fill('not measured'));
  });
});

describe('sizeTargets', () => {
  const budget = [
    { label: 'main', path: 'dist/index.js', budgetBytes: 5_000 },
    { label: 'worker', path: 'dist/heartbeat-worker.js', budgetBytes: 8_000 },
  ];
  const file = (path: string, shippedGz: number | undefined, present = true): FileSize => ({
    label: path,
    path,
    budgetBytes: 0,
    present,
    ...(shippedGz === undefined ? {} : { shipped: { bytes: shippedGz * 3, gzipBytes: shippedGz } }),
  });

  it('judges the shipped gzipped size against each budget', () => {
    const results = sizeTargets([file('dist/index.js', 5_000), file('dist/heartbeat-worker.js', 8_001)], budget);
    expect(results.map((r) => [r.verdict, r.figure])).toEqual([
      ['met', '5,000 B'],
      ['missed', '8,001 B'],
    ]);
  });

  it('reports a missing build as not measured', () => {
    const results = sizeTargets([file('dist/index.js', undefined, false)], budget);
    expect(results.map((r) => [r.verdict, r.figure])).toEqual([
      ['not measured', 'build output missing'],
      ['not measured', 'size not run'],
    ]);
  });
});
