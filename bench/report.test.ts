import { describe, expect, it } from 'vitest';
import { fullPlan } from './bench-options.ts';
import type { BenchResult } from './bench-result.ts';
import { formatReport, machineWasLoaded } from './report.ts';
import type { SourceTiming } from './timing-analysis.ts';

const machine = { cpus: 2, loadAverageAtStart: 0.2, loadAverageAtEnd: 0.4, loadAverageMax: 0.5, node: 'v20', chromium: 'Chromium 156' };

function source(name: SourceTiming['source'], p99Ms: number, share: number): SourceTiming {
  return {
    source: name,
    intervalMs: 50,
    visible: {
      count: 1240,
      meanMs: p99Ms / 2,
      p50Ms: p99Ms / 2,
      p90Ms: p99Ms / 2,
      p99Ms,
      maxMs: p99Ms * 2,
      minMs: 0,
      drift: { beats: 1240, firstTenthMedianMs: 0, lastTenthMedianMs: 0, growthMs: 0, slopeMsPer1000Beats: 0 },
      delivered: { delivered: 1240, expected: 1240, share: 1 },
    },
    hidden: fullPlan().timing.spells.map((spell) => ({ label: spell.label, hiddenMs: spell.hiddenMs, delivered: 1, expected: 1, share })),
    counters: name === 'heartbeat' ? { missedBeats: 3, skippedRuns: 1 } : {},
  };
}

function result(overrides: Partial<BenchResult>): BenchResult {
  return {
    startedAt: '2025-01-31T10:11:12.345Z',
    durationMs: 1,
    command: 'npm run bench',
    quick: false,
    sections: ['timing', 'size'],
    machine,
    plan: fullPlan(),
    targets: [{ name: 'heartbeat 50 ms visible: p99 lateness', limit: '≤ 2 ms', figure: '4.10 ms', verdict: 'missed' }],
    ...overrides,
  };
}

describe('formatReport', () => {
  it('gives ratios against the heartbeat and its own counts', () => {
    const report = formatReport(
      result({ timing: { concurrent: true, spells: [], sources: [source('heartbeat', 2, 1), source('main-interval', 30, 0.05)] } }),
    );
    const mainRow = report.split('\n').find((line) => line.includes('main-interval') && line.includes('1240'));
    expect(mainRow).toMatch(/30\.00\s+15×/);
    expect(report).toMatch(/main-interval\s+5\.0 % \(1\)\s+0\.050×/);
    expect(report).toContain('50 ms: 3 missed, 1 skipped');
    expect(report).toContain('concurrently');
  });

  it('prints every target with its figure and verdict', () => {
    expect(formatReport(result({}))).toMatch(/heartbeat 50 ms visible: p99 lateness\s+≤ 2 ms\s+4\.10 ms\s+MISSED/);
  });

  it('says plainly when the build is missing, with its output', () => {
    const size = {
      build: { command: 'npm run build', ok: false, exitCode: 1, durationMs: 900, outputTail: 'Could not resolve vite.lib.config.ts' },
      files: [{ label: 'main-thread entry', path: 'dist/index.js', budgetBytes: 5_000, present: false }],
    };
    const report = formatReport(result({ size }));
    expect(report).toContain('FAILED (exit 1)');
    expect(report).toMatch(/dist\/index\.js\s+MISSING/);
    expect(report).toContain('The library build is missing or failed: no size figures');
    expect(report).toContain('Could not resolve vite.lib.config.ts');
  });

  it('marks a quick run as no verdict', () => {
    expect(formatReport(result({ quick: true }))).toContain('QUICK run (short durations, figures are not a verdict)');
  });
});

describe('machineWasLoaded', () => {
  it('flags a load average above three quarters of the cores at any sample', () => {
    expect(machineWasLoaded(machine)).toBe(false);
    expect(machineWasLoaded({ ...machine, loadAverageMax: 1.6 })).toBe(true);
    expect(machineWasLoaded({ ...machine, loadAverageAtStart: 1.51 })).toBe(true);
  });
});
