/**
 * Argument checks shared by the main thread (so bad input fails before anything crosses the wire) and the worker
 * (so a patch returned by a job, or a call from a custom client, is held to the same rules). No DOM, no clock.
 */
import { HeartBeatError, describeValue } from './heart-beat-error.ts';
import type { ItemOptions, ItemPatch, OverlapPolicy } from './protocol.ts';

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new HeartBeatError('invalid-key', `Expected \`key\` to be a non-empty string, got ${describeValue(key)}`);
  }
}

export function checkInterval(intervalMs: unknown, field = 'intervalDelta'): asserts intervalMs is number {
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 1) {
    throw new HeartBeatError(
      'invalid-interval',
      `Expected \`${field}\` to be a finite number of milliseconds, 1 or more, got ${describeValue(intervalMs)}`,
    );
  }
}

function checkCount(field: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new HeartBeatError(
      'invalid-option',
      `Expected \`${field}\` to be a whole number from 0 and up, got ${describeValue(value)}`,
    );
  }
}

function checkBoolean(field: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new HeartBeatError('invalid-option', `Expected \`${field}\` to be a boolean, got ${describeValue(value)}`);
  }
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
    throw new HeartBeatError('not-cloneable', `Expected \`${field}\` to be structured-cloneable, got ${describeValue(value)}: ${reason}`);
  }
}

function checkMetadata(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HeartBeatError('invalid-option', `Expected \`metadata\` to be a plain object, got ${describeValue(value)}`);
  }
  checkCloneable('metadata', value);
}

/** Checks the fields of a patch that are present; absent fields are left alone. */
export function checkPatch(patch: ItemPatch): void {
  if (typeof patch !== 'object' || patch === null) {
    throw new HeartBeatError('invalid-option', `Expected the changes to be an object, got ${describeValue(patch)}`);
  }
  if (patch.modTick !== undefined) checkCount('modTick', patch.modTick);
  if (patch.maxRuns !== undefined) checkCount('maxRuns', patch.maxRuns);
  if (patch.timeoutMs !== undefined) checkCount('timeoutMs', patch.timeoutMs);
  if (patch.paused !== undefined) checkBoolean('paused', patch.paused);
  if (patch.overlap !== undefined && !overlapPolicies.includes(patch.overlap)) {
    throw new HeartBeatError(
      'invalid-option',
      `Expected \`overlap\` to be 'skip' or 'allow', got ${describeValue(patch.overlap)}`,
    );
  }
  if (patch.metadata !== undefined) checkMetadata(patch.metadata);
}

/** Checks registration options; `undefined` fields take their defaults later. */
export function checkItemOptions(options: ItemOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new HeartBeatError('invalid-option', `Expected the item options to be an object, got ${describeValue(options)}`);
  }
  const { startPaused, reset, input, ...patch } = options;
  checkPatch(patch);
  if (startPaused !== undefined) checkBoolean('startPaused', startPaused);
  if (reset !== undefined) checkBoolean('reset', reset);
  if (input !== undefined) checkCloneable('input', input);
}
