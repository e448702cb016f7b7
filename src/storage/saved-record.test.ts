import { describe, expect, it } from 'vitest';
import { readStoredRecord, toStoredRecord } from './saved-record.ts';
import { fullHeartState, fullItemState } from './saved-state-fixture.ts';
import { schemaVersion } from './store.ts';

function corruptItem(field: string, value: unknown): unknown {
  return { schemaVersion, state: { ...fullItemState('feed'), [field]: value } };
}

describe('readStoredRecord', () => {
  it('reads back what toStoredRecord wrapped, for items and the heartbeat', () => {
    const item = fullItemState('feed');
    expect(toStoredRecord(item)).toEqual({ schemaVersion: 1, state: item });
    expect(readStoredRecord('item:feed', toStoredRecord(item))).toEqual({ kind: 'item', item });
    expect(readStoredRecord('heart', toStoredRecord(fullHeartState()))).toEqual({ kind: 'heart', heart: fullHeartState() });
  });

  it('keeps keys that contain the prefix separator', () => {
    const item = fullItemState('item:a:b');
    expect(readStoredRecord('item:item:a:b', toStoredRecord(item))).toEqual({ kind: 'item', item });
  });

  it('drops fields the saved shape does not have, so they never reach the engine', () => {
    const record = { schemaVersion, state: { ...fullItemState('feed'), fnId: 7, dormant: true, runIds: new Set([1]) } };
    const read = readStoredRecord('item:feed', record);
    expect(read.kind).toBe('item');
    expect(Object.keys(read.kind === 'item' ? read.item : {}).sort()).toEqual(Object.keys(fullItemState()).sort());
  });

  it.each([
    ['timesRan', -1, 'expected `timesRan` to be a whole number from 0 and up, got `-1` (number)'],
    ['modTick', 1.5, 'expected `modTick` to be a whole number from 0 and up, got `1.5` (number)'],
    ['paused', 'yes', 'expected `paused` to be a boolean, got `"yes"` (string)'],
    ['kind', 'cron', "expected `kind` to be 'main' or 'task', got `\"cron\"` (string)"],
    ['overlap', undefined, "expected `overlap` to be 'skip' or 'allow', got `undefined` (undefined)"],
    ['lastError', 3, 'expected `lastError` to be a string or null, got `3` (number)'],
    ['metadata', [], 'expected `metadata` to be a plain object, got an array'],
    ['metadata', new Map(), 'expected `metadata` to be a plain object, got an object (Map)'],
    ['key', 'other', 'expected `key` to be `"feed"` (string) as in the record key, got `"other"` (string)'],
  ])('skips an item whose `%s` is %o', (field, value, reason) => {
    expect(readStoredRecord('item:feed', corruptItem(field, value))).toEqual({
      kind: 'problem',
      problem: `Skipped saved record \`item:feed\`: ${reason}`,
    });
  });

  it('skips a heartbeat record with a bad interval', () => {
    const record = { schemaVersion, state: { ...fullHeartState(), intervalMs: 0 } };
    expect(readStoredRecord('heart', record)).toEqual({
      kind: 'problem',
      problem: 'Skipped saved record `heart`: expected `intervalMs` to be a finite number of milliseconds, 1 or more, got `0` (number)',
    });
  });

  it('skips records of another schema version, without one, or not an envelope', () => {
    expect(readStoredRecord('item:feed', { schemaVersion: 2, state: fullItemState() })).toEqual({
      kind: 'problem',
      problem: 'Skipped saved record `item:feed`: written by schema version `2` (number), this version reads 1',
    });
    expect(readStoredRecord('item:feed', fullItemState())).toMatchObject({
      problem: 'Skipped saved record `item:feed`: written by schema version `undefined` (undefined), this version reads 1',
    });
    expect(readStoredRecord('heart', 'tick=4')).toMatchObject({
      problem: 'Skipped saved record `heart`: expected an object, got `"tick=4"` (string)',
    });
    expect(readStoredRecord('heart', { schemaVersion, state: null })).toMatchObject({
      problem: 'Skipped saved record `heart`: expected `state` to be an object, got `null`',
    });
  });

  it('skips records under keys it does not know', () => {
    expect(readStoredRecord('item:', toStoredRecord(fullItemState('')))).toMatchObject({ kind: 'problem' });
    expect(readStoredRecord(42, toStoredRecord(fullHeartState()))).toEqual({
      kind: 'problem',
      problem: 'Skipped saved record `42` (number): unknown record key, expected `heart` or `item:<key>`',
    });
  });
});
