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
import { HeartBeatError, describeValue, expected } from '../heart-beat-error.ts';
import type { ItemKind, OverlapPolicy } from '../protocol.ts';
import { checkBoolean, checkCount, checkInterval, checkOneOf, isPlainObject } from '../validate.ts';
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


/** Reads one field of a saved record, or throws the argument checks' `HeartBeatError` naming it. */
type FieldReader<Value> = (value: unknown, field: string) => Value;

const count: FieldReader<number> = (value, field) => {
  checkCount(field, value);
  return value;
};

const flag: FieldReader<boolean> = (value, field) => {
  checkBoolean(field, value);
  return value;
};

const textOrNull: FieldReader<string | null> = (value, field) => {
  if (value !== null && typeof value !== 'string') throw expected(field, 'a string or null', value);
  return value;
};

function oneOf<Value>(allowed: readonly Value[]): FieldReader<Value> {
  return (value, field) => {
    checkOneOf(field, value, allowed);
    return value;
  };
}

/** Any structured-cloneable value, as the task returned it or the app registered it. */
const anything: FieldReader<unknown> = (value) => value;

/**
 * How each field of a saved item is read. Fields are picked by name, so a stray field in the record never reaches
 * the engine; the type maps over SavedItemState, so a field added there without a reader here fails to compile.
 */
const itemFields: { [Field in Exclude<keyof SavedItemState, 'key'>]: FieldReader<SavedItemState[Field]> } = {
  kind: oneOf<ItemKind>(['main', 'task']),
  task: textOrNull,
  modTick: count,
  maxRuns: count,
  paused: flag,
  timesRan: count,
  lastTickRan: count,
  skipped: count,
  errorCount: count,
  lastError: textOrNull,
  lastResult: anything,
  metadata: (value, field) => {
    if (!isPlainObject(value)) throw expected(field, 'a plain object', value);
    return value;
  },
  timeoutMs: count,
  overlap: oneOf<OverlapPolicy>(['skip', 'allow']),
  input: anything,
};

function readHeart(state: Record<string, unknown>): SavedHeartState {
  const { intervalMs } = state;
  checkInterval(intervalMs, 'intervalMs');
  return { intervalMs, running: flag(state['running'], 'running'), tick: count(state['tick'], 'tick') };
}

function readItem(state: Record<string, unknown>, key: string): SavedItemState {
  if (state['key'] !== key) throw expected('key', `${describeValue(key)} as in the record key`, state['key']);
  const item: Record<string, unknown> = { key };
  for (const [field, read] of Object.entries(itemFields)) item[field] = read(state[field], field);
  return item as unknown as SavedItemState;
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
    // The check's message goes on the problem line's sentence: "…: expected `tick` to be …".
    if (error instanceof HeartBeatError) return skip(error.message.replace('Expected', 'expected'));
    throw error;
  }
}
