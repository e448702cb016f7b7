/**
 * The four ways of getting a beat that the benchmark compares. Each factory prepares one source at one interval
 * (creates its worker, waits until it listens) without starting it; `begin()` then starts it and resolves with
 * `startedAt`, taken just before the page asks it to start, so a worker-based source's start message counts
 * against it, as it would for an app. Preparing everything first keeps one source's start-up (a worker loading)
 * from disturbing the first beats of the others.
 *
 * Every beat calls `onBeat(beatIndex)` on the page's main thread; the caller stamps the arrival. Sources that
 * know when the beat fired on their own thread also call `onFired(beatIndex, firedAt)`, after `onBeat`.
 */
import {
  clearInterval as workerTimersClearInterval,
  setInterval as workerTimersSetInterval,
  setTimeout as workerTimersSetTimeout,
} from 'worker-timers';
import { HeartBeat } from '../../src/index.ts';
import type { TimerSourceName } from '../page-api.ts';
import { epochNow } from './epoch-now.ts';

/** A source ready to start. */
export interface PreparedSource {
  /** Starts beating; resolves with when the page asked it to start (epoch ms). Call once. */
  begin(): Promise<number>;
  /** Stops it for good; resolves with what the source counted itself (see `BeatLog.counters`). */
  stop(): Promise<Record<string, number>>;
}

export type PrepareSource = (
  intervalMs: number,
  onBeat: (beatIndex: number) => void,
  onFired: (beatIndex: number, firedAt: number) => void,
) => Promise<PreparedSource>;

/** This library: beat time as a registered main-thread item function sees it. */
const prepareHeartBeat: PrepareSource = async (intervalMs, onBeat, onFired) => {
  const heartBeat = new HeartBeat({ intervalDelta: intervalMs });
  let missedBeats = 0;
  // The beat event comes right after the beat's item functions ran, with the worker's own stamp.
  heartBeat.on('beat', (beat) => {
    missedBeats += beat.missed;
    onFired(beat.tick, beat.firedAt);
  });
  // register() waits for the worker to load and connect, so begin() below measures beating, not start-up.
  await heartBeat.register('bench', (context) => onBeat(context.tick));
  return {
    async begin() {
      const startedAt = epochNow();
      await heartBeat.start();
      return startedAt;
    },
    async stop() {
      const skippedRuns = (await heartBeat.get('bench'))?.skipped ?? Number.NaN;
      await heartBeat.close();
      return { missedBeats, skippedRuns };
    },
  };
};

/** A plain `setInterval` on the page, what the seed used. */
const prepareMainInterval: PrepareSource = async (intervalMs, onBeat) => {
  let count = 0;
  let handle: ReturnType<typeof setInterval> | undefined;
  return {
    async begin() {
      const startedAt = epochNow();
      handle = setInterval(() => onBeat(++count), intervalMs);
      return startedAt;
    },
    stop: async () => {
      clearInterval(handle);
      return {};
    },
  };
};

/** The `worker-timers` package: timers armed in its own worker, callbacks on the page. */
const prepareWorkerTimers: PrepareSource = async (intervalMs, onBeat) => {
  // Its worker is created on first use; one throwaway timer keeps that start-up out of the first beat.
  await new Promise<void>((resolve) => workerTimersSetTimeout(resolve, 1));
  let count = 0;
  let id: number | undefined;
  return {
    async begin() {
      const startedAt = epochNow();
      id = workerTimersSetInterval(() => onBeat(++count), intervalMs);
      return startedAt;
    },
    stop: async () => {
      if (id !== undefined) workerTimersClearInterval(id);
      return {};
    },
  };
};

/** The obvious hand-written alternative: a worker that posts on its own `setInterval`. */
const prepareNaiveWorker: PrepareSource = async (intervalMs, onBeat, onFired) => {
  const worker = new Worker(new URL('./naive-worker.ts', import.meta.url), { type: 'module', name: `naive-${intervalMs}` });
  await new Promise<void>((resolve) => {
    worker.onmessage = () => resolve();
  });
  let count = 0;
  worker.onmessage = (event: MessageEvent<number>) => {
    onBeat(++count);
    onFired(count, event.data);
  };
  return {
    async begin() {
      const startedAt = epochNow();
      worker.postMessage(intervalMs);
      return startedAt;
    },
    stop: async () => {
      worker.terminate();
      return {};
    },
  };
};

/** Every source's factory, by name. */
export const timerSources: Record<TimerSourceName, PrepareSource> = {
  heartbeat: prepareHeartBeat,
  'main-interval': prepareMainInterval,
  'worker-timers': prepareWorkerTimers,
  'naive-worker': prepareNaiveWorker,
};
