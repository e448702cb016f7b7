/**
 * The worker side's persistence wiring, with an in-memory store and a manual clock: when the worker writes, and
 * what it hands the engine on start-up.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/engine/manual-clock.ts';
import type { HeartBeatStore, LoadedState, WriteBatch } from '../src/storage/store.ts';
import { createWorkerApi } from './worker-api.ts';

function memoryStore(loaded: LoadedState = { heart: null, items: [], problems: [] }) {
  const writes: WriteBatch[] = [];
  const store: HeartBeatStore = {
    load: async () => structuredClone(loaded),
    write: async (batch) => void writes.push(structuredClone(batch)),
  };
  return { store, writes };
}

async function connected(store: HeartBeatStore) {
  // The real clock never moves here, so no flush window ends by itself: every write below is one asked for.
  const realClock = createManualClock(1_700_000_000_000);
  const api = createWorkerApi({ tasks: { count: () => 'counted' }, realClock, openStore: () => store });
  const status = await api.connect({ intervalMs: 100, persistName: 'test', flushWindowMs: 1_000, clock: 'manual' }, () => undefined);
  expect(status.ok).toBe(true);
  return api;
}

describe('worker persistence', () => {
  it('writes pending state when the heartbeat is stopped, without waiting for the flush window', async () => {
    const { store, writes } = memoryStore();
    const api = await connected(store);
    await api.register({ key: 'job', kind: 'task', task: 'count', options: {} });
    await api.start();
    await api.advance(3);
    expect(writes).toEqual([]);

    expect(await api.stop()).toEqual({ ok: true, value: undefined });
    expect(writes).toHaveLength(1);
    expect(writes[0]!.heart).toEqual({ intervalMs: 100, running: false, tick: 3 });
    expect(writes[0]!.put).toEqual([expect.objectContaining({ key: 'job', timesRan: 3, lastTickRan: 3, lastResult: 'counted' })]);
  });

  it('writes nothing on stop when nothing changed since the last write', async () => {
    const { store, writes } = memoryStore();
    const api = await connected(store);
    await api.start();
    await api.stop();
    await api.stop();
    expect(writes).toHaveLength(1);
  });
});
