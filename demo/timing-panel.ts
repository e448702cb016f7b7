/**
 * The demo's timing panel: how late each beat is, and two counters a person can watch diverge by switching to
 * another tab and back. One counts runs of a main-thread item on the heartbeat, the other a plain main-thread
 * `setInterval` at the same interval; a hidden tab throttles the second (about once a second, later once a minute)
 * but not the first, because the heartbeat's timer lives in the worker and its messages reach a hidden page promptly.
 *
 * Everything is drawn from the beat event and the timer callbacks themselves: `requestAnimationFrame` stops in a
 * hidden tab, so nothing here waits for a frame.
 */
import type { HeartBeat } from '../src/index.ts';
import { createLatenessPlot } from './lateness-plot.ts';

/** Options of {@link mountTimingPanel}. */
export interface TimingPanelOptions {
  /** The heartbeat's interval at start; the panel follows later `changeInterval` calls by itself. */
  intervalMs: number;
  /** With the manual clock there is no real time to compare, so the panel only says so. */
  manualClock: boolean;
}

/** Key of the main-thread item whose runs the panel counts and times. */
export const TIMING_PROBE_KEY = 'timing-probe';

/**
 * Fills the panel under `root` (elements found by `data-testid`) and registers {@link TIMING_PROBE_KEY}, an item
 * that runs on every beat. Call before `heartbeat.start()` so both counters start together.
 */
export async function mountTimingPanel(heartbeat: HeartBeat, root: HTMLElement, options: TimingPanelOptions): Promise<void> {
  const $ = <T extends Element = HTMLElement>(testId: string) => root.querySelector<T>(`[data-testid="${testId}"]`)!;
  if (options.manualClock) {
    $('timing-note').textContent = 'The timing panel needs real time: open the demo without ?clock=manual.';
    return;
  }

  const plot = createLatenessPlot($<SVGSVGElement>('timing-plot'), { scaleLabel: $('timing-scale') });
  let intervalMs = options.intervalMs;
  let countingSince = Date.now();
  let itemRuns = 0;
  let intervalFires = 0;
  let beatEvents = 0;
  let missedTotal = 0;
  let intervalId: ReturnType<typeof setInterval> | undefined;
  // The probe's last run, to time the beat as a main-thread function saw it (it runs before the beat event).
  let probeSeen = { tick: -1, at: 0 };
  let previousBeat: { tick: number; scheduledAt: number } | null = null;

  const show = (testId: string, value: number | string) => {
    $(testId).textContent = String(value);
  };
  function showCounters(): void {
    show('timing-item-runs', itemRuns);
    show('timing-interval-fires', intervalFires);
    show('timing-expected', Math.floor((Date.now() - countingSince) / intervalMs));
  }

  function reset(): void {
    clearInterval(intervalId);
    countingSince = Date.now();
    itemRuns = 0;
    intervalFires = 0;
    beatEvents = 0;
    missedTotal = 0;
    show('timing-interval', intervalMs);
    show('timing-beats', 0);
    show('timing-missed-total', 0);
    show('timing-gap-missed', 0);
    show('timing-gap-tick', '–');
    plot.clear();
    intervalId = setInterval(() => {
      intervalFires++;
      showCounters();
    }, intervalMs);
    showCounters();
  }

  /** A beat spacing that is not the interval means `changeInterval` (or a restart): ask, and follow a change. */
  function followInterval(tick: number, scheduledAt: number): void {
    const last = previousBeat;
    previousBeat = { tick, scheduledAt };
    if (!last || tick <= last.tick) return;
    const spacingMs = (scheduledAt - last.scheduledAt) / (tick - last.tick);
    if (Math.abs(spacingMs - intervalMs) <= 0.5) return;
    heartbeat.status().then(
      (status) => {
        if (status.intervalMs === intervalMs) return;
        intervalMs = status.intervalMs;
        reset();
      },
      () => undefined,
    );
  }

  heartbeat.on('beat', ({ tick, missed, scheduledAt, firedAt }) => {
    beatEvents++;
    missedTotal += missed;
    show('timing-tick', tick);
    show('timing-beats', beatEvents);
    show('timing-missed-total', missedTotal);
    if (missed > 0) {
      show('timing-gap-missed', missed);
      show('timing-gap-tick', tick);
    }
    plot.push({ workerMs: firedAt - scheduledAt, mainMs: probeSeen.tick === tick ? probeSeen.at - scheduledAt : null });
    const { p50Ms, p99Ms, maxMs } = plot.stats();
    // Epoch times from performance.now() have fractions of a millisecond; a tenth is as much as a person reads.
    show('timing-p50', p50Ms.toFixed(1));
    show('timing-p99', p99Ms.toFixed(1));
    show('timing-max', maxMs.toFixed(1));
    showCounters();
    followInterval(tick, scheduledAt);
  });

  $('timing-reset').addEventListener('click', reset);
  reset();
  await heartbeat.register(TIMING_PROBE_KEY, ({ tick }) => {
    itemRuns++;
    probeSeen = { tick, at: Date.now() };
  });
}
