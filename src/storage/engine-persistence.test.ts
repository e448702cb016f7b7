/**
 * The engine, the persister and the IndexedDB store together (fake-indexeddb): what one session saves, the next
 * one continues from, and a busy heartbeat costs one transaction per flush window.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Engine, createEngine } from '../engine/engine.ts';
import { type ManualClock, createManualClock } from '../engine/manual-clock.ts';
import type { TaskRegistry } from '../engine/task.ts';
import type { RunSnapshot, WorkerEvent } from '../protocol.ts';
import { patchFromRun } from '../run-patch.ts';
import { createIdbStore } from './idb-store.ts';
import { loadSaved } from './load-saved.ts';
import { type Persister, createPersister } from './persister.ts';
import type { HeartBeatStore } from './store.ts';

const tasks: TaskRegistry = {
  count(context) {
    context.metadata['count'] = ((context.metadata['count'] as number | undefined) ?? 0) + 1;
  },
};

/** What the main thread's job does on each run: counts its runs and notes when, in types JSON would lose. */
function mainJob(context: RunSnapshot, firedAt: number): void {
  const runs = ((context.metadata['runs'] as number | undefined) ?? 0) + 1;
  context.metadata = {
    runs,
    lastAt: new Date(firedAt),
    ticks: new Map([...((context.metadata['ticks'] as Map<number, number> | undefined) ?? []), [context.tick, runs]]),
    bytes: new Uint8Array([runs, context.tick]),
    nested: { deep: { tick: context.tick } },
  };
}

interface Session {
  clock: ManualClock;
  engine: Engine;
  persister: Persister;
  events: WorkerEvent[];
  errors: string[];
}

/**
 * One page session: an engine whose main-thread runs are finished the way the client would (on a structured-clone
 * copy of the context), wired to a persister over `store`.
 */
function startSession(store: HeartBeatStore, clock: ManualClock, intervalMs: number): Session {
  const events: WorkerEvent[] = [];
  const errors: string[] = [];
  const persister = createPersister({
    store,
    clock,
    flushWindowMs: 1000,
    source: { exportHeart: () => engine.exportHeart(), exportItem: (key) => engine.exportItem(key) },
    onError: (reason) => errors.push(reason),
  });
  const engine = createEngine({
    clock,
    intervalMs,
    tasks,
    changes: persister,
    emit(event) {
      events.push(event);
      if (event.type !== 'beat') return;
      for (const run of event.due) {
        queueMicrotask(() => {
          const context = structuredClone(run.context);
          mainJob(context, event.firedAt);
          engine.finishRun(run.context.key, run.runId, { ok: true, durationMs: 1 }, patchFromRun(run.context, context));
        });
      }
    },
  });
  return { clock, engine, persister, events, errors };
}

/** Counts the store's `write` calls, passing them on. */
function countingStore(inner: HeartBeatStore) {
  const counter = { writes: 0 };
  const store: HeartBeatStore = {
    load: () => inner.load(),
    write(batch) {
      counter.writes++;
      return inner.write(batch);
    },
  };
  return { store, counter };
}

function readwriteTransactions() {
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
  return () => spy.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory() as unknown as typeof globalThis.indexedDB;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('engine with persistence', () => {
  it('saves 1,000 items changing on each of 10 beats in one write and one transaction', async () => {
    const { store, counter } = countingStore(createIdbStore('busy'));
    const session = startSession(store, createManualClock(0), 95);
    const { engine, clock, persister } = session;
    for (let index = 0; index < 1000; index++) {
      engine.register({ key: `item-${index}`, kind: 'task', task: 'count', options: {} });
    }
    const transactions = readwriteTransactions();
    engine.start();

    await clock.advanceBy(999);
    expect(engine.status().tick).toBe(10);
    expect(engine.get('item-999')).toMatchObject({ timesRan: 10, metadata: { count: 10 } });
    expect(counter.writes).toBe(0);
    expect(transactions()).toBe(0);

    await clock.advanceBy(1);
    await persister.flush();
    expect(counter.writes).toBe(1);
    expect(transactions()).toBe(1);
    expect(session.errors).toEqual([]);

    const saved = await createIdbStore('busy').load();
    expect(saved.heart).toEqual({ intervalMs: 95, running: true, tick: 10 });
    expect(saved.items).toHaveLength(1000);
    expect(saved.items.every((item) => item.timesRan === 10 && item.metadata['count'] === 10)).toBe(true);
  });

  it('reports an open that throws, keeps running, and saves the pending changes at the next window', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementationOnce(() => {
      throw new DOMException('The user denied permission to access the database.', 'UnknownError');
    });
    const session = startSession(createIdbStore('flaky'), createManualClock(0), 100);
    const { engine, clock } = session;
    engine.register({ key: 'ping', kind: 'main', fnId: 1, options: {} });
    engine.start();

    await expect(clock.advanceBy(1000)).resolves.toBeUndefined();
    await session.persister.flush();
    expect(session.errors).toEqual([
      'Could not save 1 changed item(s), 0 removed, heartbeat state: Could not write to IndexedDB database `heartbeat:flaky`: ' +
        'UnknownError: The user denied permission to access the database.; retrying in 1000 ms',
    ]);
    expect(engine.status().tick).toBe(10);

    await clock.advanceBy(1000);
    await session.persister.flush();
    expect(session.errors).toHaveLength(1);
    expect(open).toHaveBeenCalledTimes(2);
    const saved = await createIdbStore('flaky').load();
    expect(saved.heart?.tick).toBe(20);
    expect(saved.items).toEqual([engine.exportItem('ping')]);
    expect(saved.items[0]?.timesRan).toBe(20);
  });

  it('continues runs, last tick, metadata, paused and the tick count in the next session', async () => {
    // Session one: three items run ten beats; one is paused halfway.
    const first = startSession(createIdbStore('app'), createManualClock(1_700_000_000_000), 100);
    first.engine.register({ key: 'ping', kind: 'main', fnId: 1, options: { modTick: 2, metadata: { runs: 0 } } });
    first.engine.register({ key: 'sleepy', kind: 'main', fnId: 2, options: {} });
    first.engine.register({ key: 'counter', kind: 'task', task: 'count', options: { maxRuns: 50 } });
    first.engine.start();
    await first.clock.advanceBy(500);
    first.engine.pause('sleepy');
    await first.clock.advanceBy(500);
    await first.persister.flush();
    expect(first.errors).toEqual([]);
    const before = {
      ping: first.engine.get('ping')!,
      sleepy: first.engine.get('sleepy')!,
      counter: first.engine.get('counter')!,
    };
    expect(before.ping).toMatchObject({ timesRan: 5, lastTickRan: 10, paused: false, metadata: { runs: 5 } });
    expect(before.sleepy).toMatchObject({ timesRan: 5, lastTickRan: 5, paused: true });
    expect(before.counter).toMatchObject({ timesRan: 10, lastTickRan: 10, maxRuns: 50, metadata: { count: 10 } });

    // The page reloads: the worker and its engine are gone, only what was committed is left. Time went on.
    const second = startSession(createIdbStore('app'), createManualClock(first.clock.now() + 3000), 100);
    const loadErrors: string[] = [];
    const saved = await loadSaved(createIdbStore('app'), (reason) => loadErrors.push(reason));
    expect(loadErrors).toEqual([]);
    expect(saved.loaded).toBe(true);
    second.engine.restore(saved.heart, saved.items);

    expect(second.engine.status()).toMatchObject({ running: true, intervalMs: 100, tick: 10 });
    // Main-thread items wait, dormant, for the app to register their key again; a known worker task goes on.
    expect(second.engine.get('ping')).toMatchObject({ dormant: true, timesRan: 5 });
    expect(second.engine.get('counter')).toMatchObject({ dormant: false, timesRan: 10 });
    const ping = second.engine.register({ key: 'ping', kind: 'main', fnId: 7, options: {} });
    const sleepy = second.engine.register({ key: 'sleepy', kind: 'main', fnId: 8, options: {} });
    expect(ping).toEqual({ ...before.ping, dormant: false });
    expect(sleepy).toEqual({ ...before.sleepy, dormant: false });
    const metadata = ping.metadata;
    expect(metadata['lastAt']).toBeInstanceOf(Date);
    expect((metadata['lastAt'] as Date).getTime()).toBe(1_700_000_000_000 + 1000);
    expect(metadata['ticks']).toBeInstanceOf(Map);
    expect([...(metadata['ticks'] as Map<number, number>)]).toEqual([[2, 1], [4, 2], [6, 3], [8, 4], [10, 5]]);
    expect(metadata['bytes']).toBeInstanceOf(Uint8Array);
    expect([...(metadata['bytes'] as Uint8Array)]).toEqual([5, 10]);
    expect(metadata['nested']).toEqual({ deep: { tick: 10 } });

    await second.clock.advanceBy(200);
    const beats = second.events.filter((event) => event.type === 'beat').map((event) => event.tick);
    expect(beats).toEqual([11, 12]);
    expect(second.engine.get('ping')).toMatchObject({ timesRan: 6, lastTickRan: 12, metadata: { runs: 6 } });
    expect(second.engine.get('sleepy')).toMatchObject({ timesRan: 5, lastTickRan: 5, paused: true });
    expect(second.engine.get('counter')).toMatchObject({ timesRan: 12, lastTickRan: 12, metadata: { count: 12 } });

    // And the second session saves in turn.
    await second.persister.flush();
    const again = await createIdbStore('app').load();
    expect(again.heart?.tick).toBe(12);
    expect(again.items.find((item) => item.key === 'ping')?.timesRan).toBe(6);
    second.engine.close();
  });
});
