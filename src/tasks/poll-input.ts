/**
 * What the built-in `poll` task is registered with, and its check. The main thread calls the check before
 * registering (so a bad input fails where the app wrote it) and the task calls it again on every run (input restored
 * from storage or sent by a custom client is held to the same rules). No DOM, no Node: only `URL`, which both have.
 */
import { HeartBeatError, describeValue, expected } from '../heart-beat-error.ts';
import { isPlainObject } from '../validate.ts';

/** HTTP methods the poll task sends. */
export type PollMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** How a 2xx body becomes the result's `body`: parsed JSON, the text as is, or `null` (only the status matters). */
export type PollResponseType = 'json' | 'text' | 'status';

/** `'changed'`: a run reports a result only when status or body differ from the last one; `'always'`: every 2xx. */
export type PollEmit = 'changed' | 'always';

/** The `input` of an item registered with `{ kind: 'task', task: 'poll' }`. */
export interface PollInput {
  /**
   * An absolute `http:` or `https:` URL, or a path starting with a single `/`, resolved against the worker's
   * location (so against the page's origin: a worker is same-origin). Relative paths such as `api/x` are refused:
   * they would resolve against the worker script's folder (often `/assets/`), not the page's.
   */
  url: string;
  /** Default `'GET'`. */
  method?: PollMethod;
  /**
   * Sent with every request. `If-None-Match` and `If-Modified-Since` are refused: the task sends them itself from
   * the last response. Default none.
   */
  headers?: Record<string, string>;
  /** Request body; not allowed with `GET` or `HEAD`. Default none. */
  body?: string;
  /** Default `'json'`. */
  responseType?: PollResponseType;
  /** Default `'changed'`. */
  emit?: PollEmit;
}

const methods: readonly PollMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const responseTypes: readonly PollResponseType[] = ['json', 'text', 'status'];
const emits: readonly PollEmit[] = ['changed', 'always'];
const fields: readonly string[] = ['url', 'method', 'headers', 'body', 'responseType', 'emit'];
/** Lower-case: header names compare case-insensitively. */
const ownedHeaders: readonly string[] = ['if-none-match', 'if-modified-since'];

// RFC 9110 token characters for a field name; a value may not hold CR, LF or NUL (fetch would throw a TypeError
// at run time, far from where the app wrote it).
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const badHeaderValue = /[\r\n\0]/;

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((value) => `'${value}'`).join(', ')}`;
}


function isPollUrl(url: string): boolean {
  if (url.startsWith('/')) {
    // `//host/x` is a network-path reference: another host, without a scheme. Refused as a path.
    if (url.startsWith('//') || url.startsWith('/\\')) return false;
    try {
      new URL(url, 'http://resolve.invalid');
      return true;
    } catch {
      return false;
    }
  }
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function checkHeaders(headers: unknown): void {
  if (!isPlainObject(headers)) throw expected('input.headers', 'a plain object of header names to strings', headers);
  for (const [name, value] of Object.entries(headers)) {
    const field = `input.headers[${JSON.stringify(name)}]`;
    if (!headerName.test(name)) {
      throw new HeartBeatError(
        'invalid-option',
        `Expected \`input.headers\` to have valid header names, got ${describeValue(name)}`,
      );
    }
    if (ownedHeaders.includes(name.toLowerCase())) {
      throw new HeartBeatError(
        'invalid-option',
        `Expected \`input.headers\` not to set ${describeValue(name)}: the poll task sends it from the last response`,
      );
    }
    if (typeof value !== 'string' || badHeaderValue.test(value)) {
      throw expected(field, 'a string without CR, LF or NUL', value);
    }
  }
}

/** Throws a `HeartBeatError` (`'invalid-option'`) naming the first field of `input` that is not a {@link PollInput}. */
export function checkPollInput(input: unknown): asserts input is PollInput {
  if (!isPlainObject(input)) throw expected('input', 'an object with a `url`', input);
  for (const key of Object.keys(input)) {
    if (!fields.includes(key)) {
      throw new HeartBeatError(
        'invalid-option',
        `Expected \`input\` to have only the fields ${fields.join(', ')}, got ${describeValue(key)}`,
      );
    }
  }
  const { url, method, headers, body, responseType, emit } = input;
  if (typeof url !== 'string' || !isPollUrl(url)) {
    throw expected('input.url', "an absolute http(s) URL or a path starting with '/'", url);
  }
  if (method !== undefined && !methods.includes(method as PollMethod)) throw expected('input.method', oneOf(methods), method);
  if (headers !== undefined) checkHeaders(headers);
  if (body !== undefined) {
    if (typeof body !== 'string') throw expected('input.body', 'a string', body);
    const sent = (method ?? 'GET') as PollMethod;
    if (sent === 'GET' || sent === 'HEAD') {
      throw new HeartBeatError(
        'invalid-option',
        `Expected no \`input.body\` with \`input.method\` ${describeValue(sent)}, got ${describeValue(body)}`,
      );
    }
  }
  if (responseType !== undefined && !responseTypes.includes(responseType as PollResponseType)) {
    throw expected('input.responseType', oneOf(responseTypes), responseType);
  }
  if (emit !== undefined && !emits.includes(emit as PollEmit)) throw expected('input.emit', oneOf(emits), emit);
}
