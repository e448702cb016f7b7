/**
 * The shape of one benchmark run as written to bench/results/*.json: the plan, the machine it ran on, every
 * figure of every section that ran, and the targets' verdicts. Types only.
 */
import type { BenchOptions, BenchSection } from './bench-options.ts';
import type { PersistenceSummary } from './persistence-summary.ts';
import type { PersistenceRecords } from './page-api.ts';
import type { SizeResult } from './size-run.ts';
import type { TargetResult } from './targets.ts';
import type { HiddenSpell, SourceTiming } from './timing-analysis.ts';

export interface MachineInfo {
  cpus: number;
  /** 1-minute load average when the run started, when it ended, and the highest sampled every 5 s in between. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  loadAverageMax: number;
  node: string;
  chromium: string;
}

export interface BenchResult {
  /** ISO time the run started. */
  startedAt: string;
  durationMs: number;
  /** The command line that produced it. */
  command: string;
  quick: boolean;
  sections: BenchSection[];
  machine: MachineInfo;
  plan: Pick<BenchOptions, 'timing' | 'persistence'>;
  timing?: {
    /** Every source at every interval ran at the same time, on one page. */
    concurrent: true;
    spells: HiddenSpell[];
    sources: SourceTiming[];
  };
  persistence?: { summary: PersistenceSummary; records: PersistenceRecords };
  size?: SizeResult;
  targets: TargetResult[];
}
