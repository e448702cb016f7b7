import { describe, expect, it } from 'vitest';
import type { SavedHeartState } from '../engine/engine.ts';
import type { SavedItemState } from '../engine/item-record.ts';
import { createManualClock } from '../engine/manual-clock.ts';
import { HeartBeatError } from '../heart-beat-error.ts';
import { createPersister } from './persister.ts';
import { fullItemState } from './saved-state-fixture.ts';
import type { HeartBeatStore, WriteBatch } from './store.ts';

/** A store in memory that records each batch, and can be told to fail or hold its next writes. */
function memoryStore() {
  const saved = new Map<string, SavedItemState>();
  const batches: WriteBatch[] = [];
  const failures: Array<() => never> = [];
  const holds: Array<Promise<void>> = [];
  let active = 0;
  let mostAtOnce = 0;
  const store: HeartBeatStore = {
    async load() {
      return { heart: null, items: [...saved.values()], problems: [] };
    },
    async write(batch) {
      batches.push(structuredClone(batch));
      active++;
      mostAtOnce = Math.max(mostAtOnce, active);
      try {
        await holds.shift();
        failures.shift()?.();
        for (const key of batch.delete) saved.delete(key);
        for (const item of batch.put) saved.set(item.key, structuredClone(item));
      } finally {
        active--;
      }
    },
  };
  return {
    store,
    saved,
    batches,
    mostAtOnce: () => mostAtOnce,
    failNext(error: unknown) {
      failures.push(() => {
        throw error;
      });
    },
    /** Holds the next write until the returned function is called. */
    holdNext(): () => void {
      let release!: () => void;
      holds.push(new Promise((resolve) => (release = resolve)));
      return release;
    },
  };
}

/** Stands in for the engine's export side: the state the persister reads when it writes. */
function fakeSource() {
  const items = new Map<string, SavedItemState>();
  const heart: SavedHeartState = { intervalMs: 100, running: true, tick: 0 };
  return {
    items,
    heart,
    set(key: string, timesRan: number) {
      items.set(key, { ...fullItemState(key), timesRan });
    },
    exportHeart: () => ({ ...heart }),
    exportItem: (key: string) => items.get(key),
  };
}

function setup(flushWindowMs?: number) {
  const clock = createManualClock(1_000_000);
  const memory = memoryStore();
  const source = fakeSource();
  const errors: string[] = [];
  const persister = createPersister({ store: memory.store, clock, flushWindowMs, source, onError: (reason) => errors.push(reason) });
  return { clock, memory, source, errors, persister };
}

const putKeys = (batch: WriteBatch | undefined) => batch?.put.map((item) => item.key).sort();

describe('createPersister', () => {
  it('writes nothing during the window, then one batch with the current state of every changed item', async () => {
    const { clock, memory, source, persister } = setup();
    for (let round = 1; round <= 10; round++) {
      for (const key of ['a', 'b', 'c']) {
        source.set(key, round);
        persister.itemChanged(key);
      }
      source.heart.tick = round;
      persister.heartChanged();
      await clock.advanceBy(90);
    }
    expect(clock.now()).toBe(1_000_900);
    expect(memory.batches).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(1);

    await clock.advanceBy(100);
    expect(memory.batches).toHaveLength(1);
    const [batch] = memory.batches;
    expect(putKeys(batch)).toEqual(['a', 'b', 'c']);
    expect(batch!.put.map((item) => item.timesRan)).toEqual([10, 10, 10]);
    expect(batch!.heart).toEqual({ intervalMs: 100, running: true, tick: 10 });
    expect(batch!.delete).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('uses the default window of 1000 ms and arms one timer however many changes come', async () => {
    const { clock, memory, source, persister } = setup();
    for (let index = 0; index < 500; index++) {
      source.set(`k${index}`, 1);
      persister.itemChanged(`k${index}`);
    }
    expect(clock.pendingTimers()).toBe(1);
    await clock.advanceBy(999);
    expect(memory.batches).toHaveLength(0);
    await clock.advanceBy(1);
    expect(memory.batches).toHaveLength(1);
    expect(memory.batches[0]!.put).toHaveLength(500);
  });

  it('writes the latest notice about a key: removed after a change deletes, changed after a removal puts', async () => {
    const { clock, memory, source, persister } = setup(50);
    source.set('kept', 1);
    persister.itemChanged('gone');
    persister.itemRemoved('gone');
    persister.itemRemoved('kept');
    persister.itemChanged('kept');
    await clock.advanceBy(50);
    expect(memory.batches).toEqual([{ put: [source.items.get('kept')], delete: ['gone'] }]);
  });

  it('deletes an item that changed but no longer exports', async () => {
    const { clock, memory, persister } = setup(50);
    persister.itemChanged('vanished');
    await clock.advanceBy(50);
    expect(memory.batches).toEqual([{ put: [], delete: ['vanished'] }]);
  });

  it('flush writes at once, disarms the window and resolves after the store did', async () => {
    const { clock, memory, source, persister } = setup();
    source.set('a', 3);
    persister.itemChanged('a');
    await persister.flush();
    expect(memory.saved.get('a')?.timesRan).toBe(3);
    expect(clock.pendingTimers()).toBe(0);
    await clock.advanceBy(5000);
    expect(memory.batches).toHaveLength(1);
    await persister.flush();
    expect(memory.batches).toHaveLength(1);
  });

  it('never overlaps writes: a flush during a write waits, then writes only what changed since', async () => {
    const { memory, source, persister } = setup();
    source.set('a', 1);
    persister.itemChanged('a');
    const release = memory.holdNext();
    const first = persister.flush();
    source.set('b', 1);
    persister.itemChanged('b');
    let secondDone = false;
    const second = persister.flush().then(() => (secondDone = true));
    const third = persister.flush();
    await Promise.resolve();
    expect(memory.batches).toHaveLength(1);
    expect(secondDone).toBe(false);
    release();
    await Promise.all([first, second, third]);
    expect(memory.batches.map(putKeys)).toEqual([['a'], ['b']]);
    expect(memory.mostAtOnce()).toBe(1);
  });

  it('reports a failed write once, keeps the changes and writes them with newer ones at the next window', async () => {
    const { clock, memory, source, errors, persister } = setup(1000);
    memory.failNext(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    source.set('a', 1);
    persister.itemChanged('a');
    persister.heartChanged();
    await clock.advanceBy(1000);
    expect(errors).toEqual([
      'Could not save 1 changed item(s), 0 removed, heartbeat state: QuotaExceededError: The quota has been exceeded.; retrying in 1000 ms',
    ]);
    expect(memory.saved.size).toBe(0);
    expect(clock.pendingTimers()).toBe(1);

    source.set('a', 2);
    source.set('b', 1);
    persister.itemChanged('b');
    await clock.advanceBy(1000);
    expect(errors).toHaveLength(1);
    expect(memory.batches).toHaveLength(2);
    expect(putKeys(memory.batches[1])).toEqual(['a', 'b']);
    expect(memory.batches[1]!.heart).toEqual(source.heart);
    expect(memory.saved.get('a')?.timesRan).toBe(2);
  });

  it('does not bring back as a put an item removed while its write was failing', async () => {
    const { memory, source, persister } = setup();
    source.set('a', 1);
    persister.itemChanged('a');
    persister.itemRemoved('x');
    memory.failNext(new Error('disk full'));
    const release = memory.holdNext();
    const failing = persister.flush();
    source.items.delete('a');
    persister.itemRemoved('a');
    persister.itemChanged('x');
    source.set('x', 5);
    release();
    await failing;
    await persister.flush();
    expect(memory.batches[1]).toEqual({ put: [source.items.get('x')], delete: ['a'] });
  });

  it('treats a store that throws synchronously, and an onError that throws, like any failure', async () => {
    const clock = createManualClock();
    const source = fakeSource();
    let calls = 0;
    const store: HeartBeatStore = {
      load: async () => ({ heart: null, items: [], problems: [] }),
      write() {
        calls++;
        if (calls === 1) throw new TypeError('not ready');
        return Promise.resolve();
      },
    };
    const reasons: string[] = [];
    const persister = createPersister({
      store,
      clock,
      source,
      onError(reason) {
        reasons.push(reason);
        throw new Error('listener broke');
      },
    });
    persister.heartChanged();
    await expect(persister.flush()).resolves.toBeUndefined();
    expect(reasons).toEqual(['Could not save 0 changed item(s), 0 removed, heartbeat state: TypeError: not ready; retrying in 1000 ms']);
    await clock.advanceBy(1000);
    expect(calls).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('close writes what is pending, leaves no timer and ignores later changes', async () => {
    const { clock, memory, source, persister } = setup();
    source.set('a', 1);
    persister.itemChanged('a');
    await persister.close();
    expect(memory.batches.map(putKeys)).toEqual([['a']]);
    expect(clock.pendingTimers()).toBe(0);
    persister.itemChanged('a');
    persister.heartChanged();
    expect(clock.pendingTimers()).toBe(0);
    await persister.flush();
    expect(memory.batches).toHaveLength(1);
  });

  it('refuses a flush window that is not a number of milliseconds from 0', () => {
    const { memory, source } = setup();
    const make = (flushWindowMs: number) =>
      createPersister({ store: memory.store, clock: createManualClock(), flushWindowMs, source, onError() {} });
    expect(() => make(-1)).toThrow(HeartBeatError);
    expect(() => make(Number.NaN)).toThrow('Expected `flushWindowMs` to be a finite number of milliseconds from 0 and up, got `NaN` (number)');
    expect(() => make(0)).not.toThrow();
  });
});
