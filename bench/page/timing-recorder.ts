/**
 * Starts every beat source at every interval on this page and logs each beat's arrival. All of them run at once,
 * side by side, so one run measures them under the same conditions (and the same visibility changes); each
 * callback only pushes two numbers, so they barely compete for the main thread.
 */
import { type BeatLog, type TimingRecords, type VisibilityChange, timerSourceNames } from '../page-api.ts';
import { epochNow } from './epoch-now.ts';
import { type PreparedSource, timerSources } from './timer-sources.ts';

/** A set of running sources; `stop()` ends them and hands back what they logged. */
export interface TimingRecorder {
  stop(): Promise<TimingRecords>;
}

/** Prepares every one of `timerSources` × `intervalsMs`, then starts them all at once; resolves once all beat. */
export async function startTimingRecorder(intervalsMs: number[]): Promise<TimingRecorder> {
  const visibility: VisibilityChange[] = [{ state: document.visibilityState, at: epochNow() }];
  const onVisibility = () => visibility.push({ state: document.visibilityState, at: epochNow() });
  document.addEventListener('visibilitychange', onVisibility);

  const running: { log: BeatLog; source: PreparedSource }[] = [];
  for (const intervalMs of intervalsMs) {
    for (const name of timerSourceNames) {
      const log: BeatLog = { source: name, intervalMs, startedAt: 0, beatIndex: [], arrivedAt: [], firedAt: [], counters: {} };
      const onBeat = (beatIndex: number) => {
        log.arrivedAt.push(epochNow());
        log.beatIndex.push(beatIndex);
        log.firedAt.push(null);
      };
      // The fire stamp belongs to the latest arrival of the same beat; a stamp for a beat that never ran (a
      // heartbeat tick on which the item was skipped) matches nothing and is dropped.
      const onFired = (beatIndex: number, firedAt: number) => {
        const last = log.beatIndex.length - 1;
        if (last >= 0 && log.beatIndex[last] === beatIndex) log.firedAt[last] = firedAt;
      };
      running.push({ log, source: await timerSources[name](intervalMs, onBeat, onFired) });
    }
  }
  // All begin() calls before any await, so every source starts within a millisecond or so of the others.
  const startedAt = await Promise.all(running.map(({ source }) => source.begin()));
  running.forEach(({ log }, i) => {
    log.startedAt = startedAt[i]!;
  });

  return {
    async stop() {
      const counters = await Promise.all(running.map(({ source }) => source.stop()));
      running.forEach(({ log }, i) => {
        log.counters = counters[i]!;
      });
      document.removeEventListener('visibilitychange', onVisibility);
      return { logs: running.map(({ log }) => log), visibility };
    },
  };
}
