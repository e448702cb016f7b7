/**
 * The built-in `poll` task: fetches a URL from inside the worker on the item's beats, so polling goes on at full
 * pace while the page is hidden and its main thread is throttled.
 *
 * Each run sends one request with the run's `signal` (a timeout, `remove`, `stop` or `close` aborts it). When the
 * last response carried `ETag` or `Last-Modified`, the request is conditional (`If-None-Match`,
 * `If-Modified-Since`) and a 304 ends the run as `unchanged`: recorded, nothing sent to the main thread. A 2xx
 * becomes a {@link PollResult}; with `emit: 'changed'` (the default) only when status or body differ from the last
 * 2xx. Network failures and any other status throw, and the engine records the error on the item.
 *
 * Cross-origin URLs need CORS: the server must allow the request (conditional headers make it non-simple, so it is
 * preflighted) and list `ETag` in `Access-Control-Expose-Headers`, or the task cannot see it.
 */
import { type TaskContext, type TaskInputCheck, type WorkerTask, unchanged } from '../engine/task.ts';
import { expected } from '../heart-beat-error.ts';
import { fingerprintOf } from './fingerprint.ts';
import { checkPollInput } from './poll-input.ts';
import { type PollState, pollStateKey, readPollState } from './poll-state.ts';

export { type PollEmit, type PollInput, type PollMethod, type PollResponseType, checkPollInput } from './poll-input.ts';
export { type PollState, pollStateKey } from './poll-state.ts';

/** What a poll run returns on a 2xx: the item's `lastResult`, and the `value` of its `run` event. */
export interface PollResult {
  /** The URL requested: `input.url`, resolved when it was a path. */
  url: string;
  status: number;
  /** Parsed JSON (`null` for an empty body) for `'json'`, the text for `'text'`, `null` for `'status'` and `HEAD`. */
  body: unknown;
  /** The response's `ETag`, or null if it had none (or CORS hid it). */
  etag: string | null;
  /** The response's `Last-Modified`, or null if it had none. */
  lastModified: string | null;
  /** When the response was read, epoch ms of the worker's wall clock. */
  receivedAt: number;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed" and keeps the reason (ECONNREFUSED …) in `cause`.
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** Resolves a path against the worker's location, read now (the worker's `self.location`), not at import. */
function resolveUrl(url: string): string {
  if (!url.startsWith('/')) return url;
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof base !== 'string') {
    throw expected('input.url', 'an absolute URL where there is no location to resolve a path against', url);
  }
  return new URL(url, base).href;
}

/** Runs `step`, turning its failure into an error that names the request, unless the run was aborted. */
async function attempt<T>(context: TaskContext, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // An abort is the engine's own doing: hand its reason back as it is rather than dress it as a network error.
    if (context.signal.aborted) throw context.signal.reason;
    throw new Error(`${what} failed: ${messageOf(error)}`, { cause: error });
  }
}

function parseBody(text: string, responseType: 'json' | 'text', what: string, status: number): unknown {
  if (responseType === 'text') return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${what} answered ${status} with a body that is not JSON: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * The `poll` worker task; its item's `input` is a {@link PollInput}. Keeps its state in `metadata.poll`
 * ({@link PollState}) and returns a {@link PollResult} or `unchanged`.
 */
const poll: WorkerTask = async (context) => {
  const input: unknown = context.input;
  checkPollInput(input);
  const method = input.method ?? 'GET';
  const responseType = input.responseType ?? 'json';
  const url = resolveUrl(input.url);
  const what = `${method} ${url}`;
  const previous = readPollState(context.metadata, what);

  const headers = new Headers(input.headers);
  if (previous.etag !== null) headers.set('If-None-Match', previous.etag);
  if (previous.lastModified !== null) headers.set('If-Modified-Since', previous.lastModified);

  // `no-store`: the validators above are the only cache. The browser's HTTP cache would otherwise answer a poll
  // from a still-fresh copy without asking the server (fetch switches to `no-store` anyway once a request carries
  // its own `If-None-Match`).
  const response = await attempt(context, what, () =>
    globalThis.fetch(url, { method, headers, body: input.body, signal: context.signal, cache: 'no-store' }),
  );

  const state: PollState = {
    ...previous,
    requests: previous.requests + 1,
    // A 304 may carry fresher validators; one that leaves a header out keeps the old one.
    etag: response.headers.get('ETag') ?? (response.status === 304 ? previous.etag : null),
    lastModified: response.headers.get('Last-Modified') ?? (response.status === 304 ? previous.lastModified : null),
  };

  if (response.status === 304 || !response.ok) {
    // Release the connection: an unread body keeps it busy.
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok && response.status !== 304) {
      throw new Error(`${what} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    context.metadata[pollStateKey] = state;
    return unchanged;
  }

  let text = '';
  let body: unknown = null;
  if (responseType === 'status' || method === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
  } else {
    text = await attempt(context, `Reading the body of ${what}`, () => response.text());
    body = parseBody(text, responseType, what, response.status);
  }

  const fingerprint = fingerprintOf(`${response.status}\n${text}`);
  const changed = fingerprint !== previous.fingerprint;
  context.metadata[pollStateKey] = { ...state, fingerprint };
  if (!changed && (input.emit ?? 'changed') === 'changed') return unchanged;

  const result: PollResult = {
    url,
    status: response.status,
    body,
    etag: state.etag,
    lastModified: state.lastModified,
    receivedAt: Date.now(),
  };
  return result;
};

/** The built-in `poll` task. Bad input fails at registerTask, before the item exists, rather than on each run. */
export const pollTask: WorkerTask & { checkInput: TaskInputCheck } = Object.assign(poll, { checkInput: checkPollInput });
