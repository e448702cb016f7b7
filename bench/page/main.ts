/**
 * The bench page's entry: puts {@link BenchPageApi} on `window.bench` for the runner's `page.evaluate` calls.
 */
import type { BenchPageApi, PersistencePlan, PersistenceRecords } from '../page-api.ts';
import { type TimingRecorder, startTimingRecorder } from './timing-recorder.ts';

let recorder: TimingRecorder | undefined;

const api: BenchPageApi = {
  async startTiming(intervalsMs) {
    if (recorder) throw new Error('Timing is already running on this page');
    recorder = await startTimingRecorder(intervalsMs);
  },
  async stopTiming() {
    if (!recorder) throw new Error('Timing was not started on this page');
    const records = await recorder.stop();
    recorder = undefined;
    return records;
  },
  runPersistence(plan: PersistencePlan) {
    const worker = new Worker(new URL('./persistence-worker.ts', import.meta.url), { type: 'module', name: 'bench-persistence' });
    return new Promise<PersistenceRecords>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ ok: true; records: PersistenceRecords } | { ok: false; error: string }>) => {
        worker.terminate();
        if (event.data.ok) resolve(event.data.records);
        else reject(new Error(`Persistence bench failed in its worker: ${event.data.error}`));
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(`Persistence bench worker crashed: ${event.message}`));
      };
      worker.postMessage(plan);
    });
  },
};

(window as unknown as { bench: BenchPageApi }).bench = api;
document.body.dataset.ready = 'true';
