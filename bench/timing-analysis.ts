/**
 * Turns the page's raw beat logs into the timing figures: lateness and drift while visible, delivered share per
 * hidden spell. Pure, so it is unit-tested with made-up logs.
 */
import type { BeatLog, TimerSourceName, TimingRecords, VisibilityChange } from './page-api.ts';
import { type DeliveredShare, type Drift, type LatenessSummary, deliveredShare, drift, latenessMs, summarizeLateness } from './stats.ts';

/** A stretch of time during which the page was hidden, named as the run planned it. */
export interface HiddenSpell {
  label: string;
  fromAt: number;
  toAt: number;
}

/** The figures of one source at one interval. */
export interface SourceTiming {
  source: TimerSourceName;
  intervalMs: number;
  /**
   * Lateness of every beat that arrived before the page was first hidden, its drift, and the share of the beats
   * due in that time that came. The n-th arrival is compared with the n-th ideal beat (the heartbeat's tick says
   * which beat it is), so a beat that never comes makes every later one an interval late: drift, as an app
   * counting callbacks would see it.
   */
  visible: LatenessSummary & { drift: Drift; delivered: DeliveredShare };
  /**
   * For sources that stamp when a beat fired on their own thread: the visible lateness split into the timer's
   * (fire − ideal) and the delivery to the page (arrival − fire). Over the beats that carry a stamp.
   */
  visibleSplit?: { stamped: number; timer: LatenessSummary; delivery: LatenessSummary };
  hidden: (DeliveredShare & { label: string; hiddenMs: number })[];
  /** What the source counted itself over the whole run (`BeatLog.counters`). */
  counters: Record<string, number>;
}

/**
 * Pairs each hidden→visible pair of visibility changes with the next of `labels`, in order. Throws if the page
 * was hidden fewer times than there are labels, or is still hidden at the end: the run then did not do what
 * it planned, and its figures would be mislabelled.
 */
export function hiddenSpells(visibility: readonly VisibilityChange[], labels: readonly string[]): HiddenSpell[] {
  const spells: HiddenSpell[] = [];
  let hiddenAt: number | undefined;
  for (const change of visibility) {
    if (change.state === 'hidden' && hiddenAt === undefined) hiddenAt = change.at;
    else if (change.state === 'visible' && hiddenAt !== undefined) {
      const label = labels[spells.length];
      if (label === undefined) throw new Error(`The page was hidden more often than planned (${labels.length} spells)`);
      spells.push({ label, fromAt: hiddenAt, toAt: change.at });
      hiddenAt = undefined;
    }
  }
  if (hiddenAt !== undefined) throw new Error('The page was still hidden when timing stopped');
  if (spells.length !== labels.length) {
    throw new Error(`Expected ${labels.length} hidden spells (${labels.join(', ')}), the page saw ${spells.length}`);
  }
  return spells;
}

/** The figures of one log: visible lateness up to the first spell, then each spell's delivered share. */
export function analyzeLog(log: BeatLog, spells: readonly HiddenSpell[]): SourceTiming {
  const visibleUntil = spells[0]?.fromAt ?? Math.max(log.startedAt + log.intervalMs, ...log.arrivedAt);
  const visibleCount = log.arrivedAt.findIndex((at) => at >= visibleUntil);
  const end = visibleCount === -1 ? log.arrivedAt.length : visibleCount;
  const lateness = latenessMs(log.startedAt, log.intervalMs, log.beatIndex.slice(0, end), log.arrivedAt.slice(0, end));
  const timer: number[] = [];
  const delivery: number[] = [];
  for (let i = 0; i < end; i++) {
    const firedAt = log.firedAt[i];
    if (firedAt === null || firedAt === undefined) continue;
    timer.push(firedAt - (log.startedAt + log.beatIndex[i]! * log.intervalMs));
    delivery.push(log.arrivedAt[i]! - firedAt);
  }
  return {
    source: log.source,
    intervalMs: log.intervalMs,
    visible: {
      ...summarizeLateness(lateness),
      drift: drift(lateness),
      delivered: deliveredShare(log.arrivedAt, log.startedAt, visibleUntil, log.intervalMs),
    },
    ...(timer.length > 0
      ? { visibleSplit: { stamped: timer.length, timer: summarizeLateness(timer), delivery: summarizeLateness(delivery) } }
      : {}),
    hidden: spells.map((spell) => ({
      label: spell.label,
      hiddenMs: spell.toAt - spell.fromAt,
      ...deliveredShare(log.arrivedAt, spell.fromAt, spell.toAt, log.intervalMs),
    })),
    counters: log.counters,
  };
}

/** Every log's figures, with the spells they were measured over. */
export function analyzeTiming(records: TimingRecords, spellLabels: readonly string[]): { spells: HiddenSpell[]; sources: SourceTiming[] } {
  const spells = hiddenSpells(records.visibility, spellLabels);
  return { spells, sources: records.logs.map((log) => analyzeLog(log, spells)) };
}
