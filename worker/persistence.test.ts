/**
 * The worker's persistence start-up: a store that cannot be read, or never answers, leaves the heartbeat running in
 * memory only, and a session that never saw the saved records never writes over them.
 */
import { describe, expect, it } from 'vitest';
import type { SavedHeartState } from '../src/engine/engine.ts';
import { createManualClock } from '../src/engine/manual-clock.ts';
import type { HeartBeatStore, WriteBatch } from '../src/storage/store.ts';
import { openPersistence } from './persistence.ts';

const heart: SavedHeartState = { intervalMs: 100, running: true, tick: 7 };

function open(load: HeartBeatStore['load']) {
  const clock = createManualClock(0);
  const writes: WriteBatch[] = [];
  const errors: string[] = [];
  const opening = openPersistence({
    store: { load, write: async (batch) => void writes.push(batch) },
    clock,
    flushWindowMs: 1_000,
    source: { exportHeart: () => heart, exportItem: () => undefined },
    onError: (reason) => errors.push(reason),
  });
  return { clock, writes, errors, opening };
}

describe('openPersistence', () => {
  it('writes what changed once the saved state was read', async () => {
    const { writes, errors, opening } = open(async () => ({ heart: null, items: [], problems: [] }));
    const persistence = await opening;
    persistence.changes.heartChanged();
    await persistence.flush();
    expect(writes).toEqual([{ put: [], delete: [], heart }]);
    expect(errors).toEqual([]);
  });

  it('gives up on a store that never answers after 5 s and then never writes to it', async () => {
    const { clock, writes, errors, opening } = open(() => new Promise(() => undefined));
    await clock.advanceBy(4_999);
    let settled = false;
    void opening.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await clock.advanceBy(1);
    const persistence = await opening;
    expect(persistence.saved).toEqual({ heart: null, items: [], loaded: false });
    expect(errors).toEqual([expect.stringContaining('no answer within 5000 ms')]);

    persistence.changes.heartChanged();
    persistence.changes.itemChanged('job');
    await clock.advanceBy(5_000);
    await persistence.close();
    expect(writes).toEqual([]);
  });

  it('never writes to a store whose load failed: that could replace records this session never saw', async () => {
    const { clock, writes, errors, opening } = open(async () => {
      throw new Error('QuotaExceededError');
    });
    const persistence = await opening;
    expect(errors).toEqual([expect.stringContaining('QuotaExceededError')]);
    persistence.changes.itemChanged('job');
    await clock.advanceBy(5_000);
    await persistence.flush();
    expect(writes).toEqual([]);
  });
});
