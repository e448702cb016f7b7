/**
 * What the poll task remembers between runs, kept in the item's `metadata` under {@link pollStateKey} so that it is
 * persisted with the item and survives reloads. Plain strings and numbers only: it crosses `postMessage` and goes
 * into IndexedDB.
 */
import type { Metadata } from '../protocol.ts';

/** The metadata key the poll task owns: `metadata.poll`. Apps should not write it (the demo reads `requests`). */
export const pollStateKey = 'poll';

/** The value of `metadata.poll`. */
export interface PollState {
  /** Requests that got an answer the run could use (2xx or 304). Failed runs are counted in `errorCount` instead. */
  requests: number;
  /** Method and resolved URL the fields below describe, such as `GET https://example.com/api`. */
  target: string;
  /** `ETag` of the last response that had one, sent back as `If-None-Match`; null if none. */
  etag: string | null;
  /** `Last-Modified` of the last response that had one, sent back as `If-Modified-Since`; null if none. */
  lastModified: string | null;
  /** Fingerprint of the last 2xx status and body, to tell whether a new body changed; null before the first. */
  fingerprint: string | null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The state for a run against `target`. A value the task did not write (the app's own, or an older shape) is read
 * field by field; validators and fingerprint saved for another target are dropped, because an item re-registered
 * with a new URL keeps its metadata and an old ETag could otherwise earn a wrong 304.
 */
export function readPollState(metadata: Metadata, target: string): PollState {
  const saved = metadata[pollStateKey];
  const record = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const requests = Number.isSafeInteger(record.requests) && (record.requests as number) >= 0 ? (record.requests as number) : 0;
  if (record.target !== target) return { requests, target, etag: null, lastModified: null, fingerprint: null };
  return {
    requests,
    target,
    etag: stringOrNull(record.etag),
    lastModified: stringOrNull(record.lastModified),
    fingerprint: stringOrNull(record.fingerprint),
  };
}
