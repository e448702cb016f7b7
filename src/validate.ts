/**
 * Argument checks shared by the main thread (so bad input fails before anything crosses the wire) and the worker
 * (so a patch returned by a job, or a call from a custom client, is held to the same rules). No DOM, no clock.
 */
import { HeartBeatError, describeValue, expected } from './heart-beat-error.ts';
import type { ItemOptions, ItemPatch, OverlapPolicy } from './protocol.ts';

/** Whether `value` is an object other than null (arrays and class instances included). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is a plain object: made by `{}` (or with a null prototype), not an array, Date, Map or class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Refuses a field `allowed` does not name, so a typo (`modtick`) fails loudly instead of being ignored. Fields
 * whose value is `undefined` count as absent, as everywhere else.
 */
function checkFields(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const [name, fieldValue] of Object.entries(value)) {
    if (fieldValue === undefined || allowed.includes(name)) continue;
    throw new HeartBeatError(
      'invalid-option',
      `Expected \`${field}\` to have only the fields ${allowed.join(', ')}, got ${describeValue(name)}`,
    );
  }
}

const patchFields = ['modTick', 'maxRuns', 'paused', 'metadata', 'timeoutMs', 'overlap'] as const;
const optionFields = ['modTick', 'maxRuns', 'startPaused', 'metadata', 'timeoutMs', 'overlap', 'input', 'reset'] as const;

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') throw expected('key', 'a non-empty string', key, 'invalid-key');
}

export function checkInterval(intervalMs: unknown, field = 'intervalDelta'): asserts intervalMs is number {
  if (!(typeof intervalMs === 'number' && intervalMs >= 1 && intervalMs < Infinity)) {
    throw expected(field, 'a finite number of milliseconds, 1 or more', intervalMs, 'invalid-interval');
  }
}

/** Refuses anything but a safe integer from 0 up: counts, ticks, `modTick`, `maxRuns`, `timeoutMs`. */
export function checkCount(field: string, value: unknown): asserts value is number {
  if (!(Number.isSafeInteger(value) && (value as number) >= 0)) throw expected(field, 'a whole number from 0 and up', value);
}

export function checkBoolean(field: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw expected(field, 'a boolean', value);
}

/** Refuses a value not in `allowed`, listing them: ``to be 'skip' or 'allow'``. */
export function checkOneOf<Value>(field: string, value: unknown, allowed: readonly Value[]): asserts value is Value {
  if (!allowed.includes(value as Value)) throw expected(field, allowed.map((name) => `'${String(name)}'`).join(' or '), value);
}

const overlapPolicies: readonly OverlapPolicy[] = ['skip', 'allow'];

/**
 * Checks that `value` survives `postMessage` and IndexedDB. Uses the platform's own `structuredClone` so the
 * answer is exactly the browser's (functions, DOM nodes, symbols, class instances with private state fail).
 */
export function checkCloneable(field: string, value: unknown): void {
  try {
    structuredClone(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HeartBeatError('not-cloneable', `${expected(field, 'structured-cloneable', value).message}: ${reason}`);
  }
}

/** Checks the fields of a patch that are present; absent fields are left alone. */
export function checkPatch(patch: ItemPatch): void {
  if (!isObject(patch)) throw expected('patch', 'an object', patch);
  checkFields('patch', patch as Record<string, unknown>, patchFields);
  const { modTick, maxRuns, timeoutMs, paused, overlap, metadata } = patch;
  if (modTick !== undefined) checkCount('modTick', modTick);
  if (maxRuns !== undefined) checkCount('maxRuns', maxRuns);
  if (timeoutMs !== undefined) checkCount('timeoutMs', timeoutMs);
  if (paused !== undefined) checkBoolean('paused', paused);
  if (overlap !== undefined) checkOneOf('overlap', overlap, overlapPolicies);
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) throw expected('metadata', 'a plain object', metadata);
    checkCloneable('metadata', metadata);
  }
}

/** Checks registration options; `undefined` fields take their defaults later. */
export function checkItemOptions(options: ItemOptions): void {
  if (!isObject(options)) throw expected('options', 'an object', options);
  checkFields('options', options as Record<string, unknown>, optionFields);
  const { startPaused, reset, input, ...patch } = options;
  checkPatch(patch);
  if (startPaused !== undefined) checkBoolean('startPaused', startPaused);
  if (reset !== undefined) checkBoolean('reset', reset);
  if (input !== undefined) checkCloneable('input', input);
}
