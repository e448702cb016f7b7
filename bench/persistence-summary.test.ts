import { describe, expect, it } from 'vitest';
import { summarizePersistence } from './persistence-summary.ts';

describe('summarizePersistence', () => {
  const records = {
    itemCount: 10_000,
    flushMs: [400, 250, 200, 300, 260],
    loadMs: [120, 100, 110],
    engineRestoreMs: [30, 20, 25],
    throughput: [
      { batchSize: 1, transactions: 600, elapsedMs: 3000 },
      { batchSize: 100, transactions: 90, elapsedMs: 3000 },
    ],
    errors: [],
  };

  it('takes medians, extremes and the per-item cost of repeated timings', () => {
    const summary = summarizePersistence(records);
    expect(summary.flush).toEqual({ medianMs: 260, minMs: 200, maxMs: 400, perItemUs: 26 });
    expect(summary.load.medianMs).toBe(110);
    expect(summary.engineRestore.medianMs).toBe(25);
    // Restore is load plus engine restore, repetition by repetition: 150, 120, 135.
    expect(summary.restore).toEqual({ medianMs: 135, minMs: 120, maxMs: 150, perItemUs: 13.5 });
  });

  it('turns back-to-back transactions into rates', () => {
    expect(summarizePersistence(records).throughput).toEqual([
      { batchSize: 1, transactionsPerSecond: 200, itemsPerSecond: 200 },
      { batchSize: 100, transactionsPerSecond: 30, itemsPerSecond: 3000 },
    ]);
  });
});
