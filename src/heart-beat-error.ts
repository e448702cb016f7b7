/**
 * Every failure this library reports. `code` is stable and meant for `switch`; the message is for people
 * and names the field and the value that was refused.
 */
export type HeartBeatErrorCode =
  | 'invalid-key'
  | 'duplicate-key'
  | 'unknown-key'
  | 'invalid-job'
  | 'invalid-option'
  | 'invalid-interval'
  | 'unknown-task'
  | 'not-cloneable'
  | 'timeout'
  | 'aborted'
  | 'worker-failed'
  | 'closed';

/** Where a {@link HeartBeatError} came from, as it crosses `postMessage` (Comlink keeps no extra fields). */
export interface HeartBeatErrorData {
  code: HeartBeatErrorCode;
  message: string;
}

/** The one error class of the library. `error.code` survives the trip from the worker. */
export class HeartBeatError extends Error {
  override readonly name = 'HeartBeatError';
  readonly code: HeartBeatErrorCode;

  constructor(code: HeartBeatErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The error for a value `field` does not take, in the library's one message shape (p-queue's):
 * ``Expected `modTick` to be a whole number from 0 and up, got `-3` (number)``. Every argument check builds its
 * error here, so the shape is written once. `code` defaults to `invalid-option`, the code of most refusals.
 */
export function expected(field: string, what: string, value: unknown, code: HeartBeatErrorCode = 'invalid-option'): HeartBeatError {
  return new HeartBeatError(code, `Expected \`${field}\` to be ${what}, got ${describeValue(value)}`);
}

/** Describes a value the way error messages quote it: ``got `0` (number)``. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `\`${JSON.stringify(value)}\` (string)`;
  if (typeof value === 'function') return 'a function';
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `\`${String(value)}\` (${typeof value})`;
}
