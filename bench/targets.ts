/**
 * The issues' targets for this heartbeat, judged against a run's figures. Pure. A target whose figure is missing
 * (section not run, build missing) is reported as not measured, never as met.
 */
import type { FileSize } from './size-run.ts';
import type { SourceTiming } from './timing-analysis.ts';

/** Visible lateness target at 50 ms: p99 at most this. */
export const p99LimitMs = 2;
/** "No growth": the last tenth's median lateness at most this much above the first tenth's. */
export const growthLimitMs = 0.5;
/** Beats the no-growth target must be measured over. */
export const growthMinBeats = 1_200;
/** Hidden delivery target at 100 ms. */
export const hiddenShareLimit = 0.99;

export type TargetVerdict = 'met' | 'missed' | 'not measured';

export interface TargetResult {
  name: string;
  /** What is required, in words. */
  limit: string;
  /** The figure measured, in words, or why there is none. */
  figure: string;
  verdict: TargetVerdict;
}

/** The timing targets: p99 and growth at 50 ms visible, delivered share at 100 ms for every hidden spell. */
export function timingTargets(sources: readonly SourceTiming[] | undefined, spellLabels: readonly string[]): TargetResult[] {
  const at = (intervalMs: number) => sources?.find((s) => s.source === 'heartbeat' && s.intervalMs === intervalMs);
  const at50 = at(50);
  const at100 = at(100);
  const results: TargetResult[] = [];

  const p99 = at50?.visible.p99Ms;
  results.push({
    name: 'heartbeat 50 ms visible: p99 lateness',
    limit: `≤ ${p99LimitMs} ms`,
    figure: p99 === undefined ? 'timing not run' : Number.isFinite(p99) ? `${p99.toFixed(2)} ms` : 'no beats',
    verdict: p99 === undefined || !Number.isFinite(p99) ? 'not measured' : p99 <= p99LimitMs ? 'met' : 'missed',
  });

  const drift = at50?.visible.drift;
  const growthName = `heartbeat 50 ms visible: no lateness growth over ${growthMinBeats.toLocaleString('en-US')} beats`;
  const growthLimit = `growth ≤ ${growthLimitMs} ms over ≥ ${growthMinBeats.toLocaleString('en-US')} beats`;
  if (drift === undefined || !Number.isFinite(drift.growthMs)) {
    results.push({ name: growthName, limit: growthLimit, figure: drift ? 'no beats' : 'timing not run', verdict: 'not measured' });
  } else {
    const figure = `${drift.growthMs >= 0 ? '+' : ''}${drift.growthMs.toFixed(2)} ms over ${drift.beats.toLocaleString('en-US')} beats`;
    const verdict = drift.beats < growthMinBeats ? 'not measured' : drift.growthMs <= growthLimitMs ? 'met' : 'missed';
    results.push({ name: growthName, limit: growthLimit, figure: drift.beats < growthMinBeats ? `${figure} (too few beats)` : figure, verdict });
  }

  for (const label of spellLabels) {
    const spell = at100?.hidden.find((h) => h.label === label);
    results.push({
      name: `heartbeat 100 ms ${label}: beats delivered`,
      limit: `≥ ${hiddenShareLimit * 100} %`,
      figure: spell
        ? `${(spell.share * 100).toFixed(1)} % (${spell.delivered} of ${spell.expected.toFixed(1)})`
        : 'timing not run',
      verdict: spell === undefined ? 'not measured' : spell.share >= hiddenShareLimit ? 'met' : 'missed',
    });
  }
  return results;
}

/** The size targets, on each file's "shipped" gzipped size. */
export function sizeTargets(files: readonly FileSize[] | undefined, budget: readonly { label: string; path: string; budgetBytes: number }[]): TargetResult[] {
  return budget.map(({ label, path, budgetBytes }) => {
    const file = files?.find((f) => f.path === path);
    const name = `${label} (${path}) gzipped, shipped`;
    const limit = `≤ ${budgetBytes.toLocaleString('en-US')} B`;
    if (!file) return { name, limit, figure: 'size not run', verdict: 'not measured' };
    if (!file.present) return { name, limit, figure: 'build output missing', verdict: 'not measured' };
    if (!file.shipped) return { name, limit, figure: `not bundled: ${file.shippedError ?? 'unknown error'}`, verdict: 'not measured' };
    const bytes = file.shipped.gzipBytes;
    return { name, limit, figure: `${bytes.toLocaleString('en-US')} B`, verdict: bytes <= budgetBytes ? 'met' : 'missed' };
  });
}
