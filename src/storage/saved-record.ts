/**
 * How saved state looks inside a key-value store, and the checks that decide whether a record read back can be
 * trusted. Pure: no IndexedDB here, so the rules are tested without one.
 *
 * Every record is an envelope `{ schemaVersion, state }`; the heartbeat's own state sits under the key `heart`,
 * each item under `item:<key>`. A record that fails a check is skipped with a problem line, never repaired or
 * guessed at: a wrong guess would run a job with state nobody wrote.
 */
import type { SavedHeartState } from '../engine/engine.ts';
import type { SavedItemState } from '../engine/item-record.ts';
import { describeValue } from '../heart-beat-error.ts';
import type { OverlapPolicy } from '../protocol.ts';
import { schemaVersion } from './store.ts';

/** What is stored under each key: the state, tagged with the schema version that wrote it. */
export interface StoredRecord<State> {
  schemaVersion: number;
  state: State;
}

/** Store key of the heartbeat's own record. */
export const heartRecordKey = 'heart';

/** Prefix of item record keys; the rest of the key is the item's key. */
export const itemKeyPrefix = 'item:';

/** Store key of an item's record: `item:<key>`. */
export function itemRecordKey(key: string): string {
  return itemKeyPrefix + key;
}

/** Wraps state in an envelope of the current {@link schemaVersion}. */
export function toStoredRecord<State>(state: State): StoredRecord<State> {
  return { schemaVersion, state };
}

/** One record read back: a heartbeat state, an item state, or the reason it was skipped. */
export type ReadRecord =
  | { kind: 'heart'; heart: SavedHeartState }
  | { kind: 'item'; item: SavedItemState }
  | { kind: 'problem'; problem: string };

/** Thrown inside this module only, to leave the field checks early; always caught by {@link readStoredRecord}. */
class RecordProblem extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

function count(state: Record<string, unknown>, field: string): number {
  const value = state[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RecordProblem(`expected \`${field}\` to be a whole number from 0 and up, got ${describeValue(value)}`);
  }
  return value;
}

function flag(state: Record<string, unknown>, field: string): boolean {
  const value = state[field];
  if (typeof value !== 'boolean') throw new RecordProblem(`expected \`${field}\` to be a boolean, got ${describeValue(value)}`);
  return value;
}

function textOrNull(state: Record<string, unknown>, field: string): string | null {
  const value = state[field];
  if (value !== null && typeof value !== 'string') {
    throw new RecordProblem(`expected \`${field}\` to be a string or null, got ${describeValue(value)}`);
  }
  return value;
}

function oneOf<Value extends string>(state: Record<string, unknown>, field: string, allowed: readonly Value[]): Value {
  const value = state[field];
  if (!allowed.includes(value as Value)) {
    const names = allowed.map((name) => `'${name}'`).join(' or ');
    throw new RecordProblem(`expected \`${field}\` to be ${names}, got ${describeValue(value)}`);
  }
  return value as Value;
}

function readHeart(state: Record<string, unknown>): SavedHeartState {
  const intervalMs = state['intervalMs'];
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 1) {
    throw new RecordProblem(`expected \`intervalMs\` to be a finite number, 1 or more, got ${describeValue(intervalMs)}`);
  }
  return { intervalMs, running: flag(state, 'running'), tick: count(state, 'tick') };
}

const overlapPolicies: readonly OverlapPolicy[] = ['skip', 'allow'];

function readItem(state: Record<string, unknown>, key: string): SavedItemState {
  if (state['key'] !== key) {
    throw new RecordProblem(`expected \`key\` to be ${describeValue(key)} as in the record key, got ${describeValue(state['key'])}`);
  }
  const metadata = state['metadata'];
  if (!isPlainObject(metadata)) {
    throw new RecordProblem(`expected \`metadata\` to be a plain object, got ${describeValue(metadata)}`);
  }
  // Each field is picked by name, so a stray field in the record never reaches the engine, and a field added to
  // SavedItemState without a check here fails to compile.
  return {
    key,
    kind: oneOf(state, 'kind', ['main', 'task'] as const),
    task: textOrNull(state, 'task'),
    modTick: count(state, 'modTick'),
    maxRuns: count(state, 'maxRuns'),
    paused: flag(state, 'paused'),
    timesRan: count(state, 'timesRan'),
    lastTickRan: count(state, 'lastTickRan'),
    skipped: count(state, 'skipped'),
    errorCount: count(state, 'errorCount'),
    lastError: textOrNull(state, 'lastError'),
    lastResult: state['lastResult'],
    metadata,
    timeoutMs: count(state, 'timeoutMs'),
    overlap: oneOf(state, 'overlap', overlapPolicies),
    input: state['input'],
  };
}

/**
 * Reads one stored record. Returns a problem, never throws, for a record that is not an envelope, was written by
 * another schema version, sits under an unknown key, or has a field of the wrong type.
 */
export function readStoredRecord(recordKey: unknown, value: unknown): ReadRecord {
  const where = typeof recordKey === 'string' ? `\`${recordKey}\`` : describeValue(recordKey);
  const skip = (reason: string): ReadRecord => ({ kind: 'problem', problem: `Skipped saved record ${where}: ${reason}` });
  if (!isPlainObject(value)) return skip(`expected an object, got ${describeValue(value)}`);
  if (value['schemaVersion'] !== schemaVersion) {
    return skip(`written by schema version ${describeValue(value['schemaVersion'])}, this version reads ${schemaVersion}`);
  }
  const state = value['state'];
  if (!isPlainObject(state)) return skip(`expected \`state\` to be an object, got ${describeValue(state)}`);
  try {
    if (recordKey === heartRecordKey) return { kind: 'heart', heart: readHeart(state) };
    if (typeof recordKey === 'string' && recordKey.startsWith(itemKeyPrefix) && recordKey.length > itemKeyPrefix.length) {
      return { kind: 'item', item: readItem(state, recordKey.slice(itemKeyPrefix.length)) };
    }
    return skip(`unknown record key, expected \`${heartRecordKey}\` or \`${itemKeyPrefix}<key>\``);
  } catch (error) {
    if (error instanceof RecordProblem) return skip(error.message);
    throw error;
  }
}
