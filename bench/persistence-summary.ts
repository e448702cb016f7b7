/**
 * Sums up the persistence records: medians of the repeated timings and transactions per second. Pure.
 */
import type { PersistenceRecords } from './page-api.ts';
import { median } from './stats.ts';

export interface TimingFigure {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median per item, in microseconds. */
  perItemUs: number;
}

export interface PersistenceSummary {
  itemCount: number;
  /** Every flush: the first into an empty store, the rest overwriting. */
  flush: TimingFigure;
  /** `loadSaved` on a fresh connection, plus `engine.restore`: what a reload costs before the first beat. */
  restore: TimingFigure;
  load: TimingFigure;
  engineRestore: TimingFigure;
  throughput: { batchSize: number; transactionsPerSecond: number; itemsPerSecond: number }[];
  errors: string[];
}

function figure(values: readonly number[], itemCount: number): TimingFigure {
  const medianMs = median(values);
  return {
    medianMs,
    minMs: values.length ? Math.min(...values) : Number.NaN,
    maxMs: values.length ? Math.max(...values) : Number.NaN,
    perItemUs: (medianMs / itemCount) * 1000,
  };
}

export function summarizePersistence(records: PersistenceRecords): PersistenceSummary {
  const { itemCount } = records;
  return {
    itemCount,
    flush: figure(records.flushMs, itemCount),
    restore: figure(records.loadMs.map((ms, i) => ms + (records.engineRestoreMs[i] ?? Number.NaN)), itemCount),
    load: figure(records.loadMs, itemCount),
    engineRestore: figure(records.engineRestoreMs, itemCount),
    throughput: records.throughput.map(({ batchSize, transactions, elapsedMs }) => ({
      batchSize,
      transactionsPerSecond: (transactions / elapsedMs) * 1000,
      itemsPerSecond: ((transactions * batchSize) / elapsedMs) * 1000,
    })),
    errors: records.errors,
  };
}
