import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TaskContext, unchanged } from '../engine/task.ts';
import { HeartBeatError } from '../heart-beat-error.ts';
import type { Metadata } from '../protocol.ts';
import { type PollResult, type PollState, pollTask } from './poll-task.ts';
import { type TestServer, startTestServer } from './poll-test-server.ts';

function contextFor(input: unknown, metadata: Metadata = {}, signal = new AbortController().signal): TaskContext {
  return { key: 'poll', tick: 1, timesRan: 1, lastTickRan: 0, modTick: 0, maxRuns: 0, paused: false, metadata, input, signal };
}

/** One run, as the engine makes it: the task may change `metadata`, which is kept for the next run. */
function poll(input: unknown, metadata: Metadata = {}, signal?: AbortSignal): Promise<unknown> {
  return Promise.resolve(pollTask(contextFor(input, metadata, signal)));
}

function stateOf(metadata: Metadata): PollState {
  return metadata.poll as PollState;
}

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer((_request, response) => response.end('{}'));
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

describe('pollTask responses', () => {
  it('parses a JSON body and records the request', async () => {
    server.handle((_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end('{"count":3,"items":["a"]}');
    });
    const metadata: Metadata = {};
    const before = Date.now();
    const result = (await poll({ url: `${server.origin}/data` }, metadata)) as PollResult;
    expect(result).toEqual({
      url: `${server.origin}/data`,
      status: 200,
      body: { count: 3, items: ['a'] },
      etag: null,
      lastModified: null,
      receivedAt: expect.any(Number),
    });
    expect(result.receivedAt).toBeGreaterThanOrEqual(before);
    expect(result.receivedAt).toBeLessThanOrEqual(Date.now());
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/data' });
    expect(stateOf(metadata)).toMatchObject({ requests: 1, target: `GET ${server.origin}/data`, fingerprint: expect.any(String) });
  });

  it('returns the text as is for responseType text', async () => {
    server.handle((_request, response) => response.end('plain words\n'));
    const result = (await poll({ url: `${server.origin}/t`, responseType: 'text' })) as PollResult;
    expect(result.body).toBe('plain words\n');
  });

  it('returns only the status for responseType status, and for HEAD', async () => {
    server.handle((request, response) => {
      response.statusCode = request.method === 'HEAD' ? 200 : 201;
      response.end('not read');
    });
    const created = (await poll({ url: `${server.origin}/s`, method: 'PUT', responseType: 'status' })) as PollResult;
    expect(created).toMatchObject({ status: 201, body: null });
    const head = (await poll({ url: `${server.origin}/s`, method: 'HEAD' })) as PollResult;
    expect(head).toMatchObject({ status: 200, body: null });
    expect(server.requests.map((request) => request.method)).toEqual(['PUT', 'HEAD']);
  });

  it('gives null for an empty JSON body (204)', async () => {
    server.handle((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    expect(await poll({ url: `${server.origin}/empty` })).toMatchObject({ status: 204, body: null });
  });

  it('rejects a body that is not JSON, naming the request', async () => {
    server.handle((_request, response) => response.end('<html>'));
    await expect(poll({ url: `${server.origin}/html` })).rejects.toThrow(
      `GET ${server.origin}/html answered 200 with a body that is not JSON: `,
    );
  });

  it('sends the method, headers and body of a POST', async () => {
    server.handle((_request, response) => response.end('{"ok":true}'));
    const result = await poll({
      url: `${server.origin}/submit`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Token': 'abc123' },
      body: '{"query":"beats"}',
    });
    expect(result).toMatchObject({ status: 200, body: { ok: true } });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/submit', body: '{"query":"beats"}' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-token']).toBe('abc123');
  });

  it("resolves a path against the worker's location, read when the run starts", async () => {
    await expect(poll({ url: '/relative' })).rejects.toMatchObject({ code: 'invalid-option' });
    expect(server.requests).toHaveLength(0);
    vi.stubGlobal('location', { href: `${server.origin}/assets/worker-abc.js` });
    const result = (await poll({ url: '/relative?x=1' })) as PollResult;
    expect(result.url).toBe(`${server.origin}/relative?x=1`);
    expect(server.requests[0]?.path).toBe('/relative?x=1');
  });

  it('checks its input on every run', async () => {
    const error = await poll({ url: 'ftp://example.com' }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HeartBeatError);
    expect(error).toMatchObject({ code: 'invalid-option', message: expect.stringContaining('`input.url`') });
  });
});

describe('pollTask conditional requests', () => {
  it('sends If-None-Match from the last ETag and returns unchanged on 304, across a reload', async () => {
    server.handle((request, response) => {
      response.setHeader('ETag', '"v1"');
      if (request.headers['if-none-match'] === '"v1"') {
        response.statusCode = 304;
        return response.end();
      }
      response.end('{"version":1}');
    });
    const metadata: Metadata = {};
    const first = (await poll({ url: `${server.origin}/e`, emit: 'always' }, metadata)) as PollResult;
    expect(first).toMatchObject({ status: 200, body: { version: 1 }, etag: '"v1"' });
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();

    // What IndexedDB gives back after a reload is a structured clone.
    const reloaded = structuredClone(metadata);
    expect(await poll({ url: `${server.origin}/e`, emit: 'always' }, reloaded)).toBe(unchanged);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(stateOf(reloaded)).toMatchObject({ requests: 2, etag: '"v1"' });
  });

  it('sends If-Modified-Since from the last Last-Modified and returns unchanged on 304', async () => {
    const stamp = 'Wed, 01 Jan 2025 10:00:00 GMT';
    server.handle((request, response) => {
      response.setHeader('Last-Modified', stamp);
      if (request.headers['if-modified-since'] === stamp) {
        response.statusCode = 304;
        return response.end();
      }
      response.end('"hello"');
    });
    const metadata: Metadata = {};
    expect(await poll({ url: `${server.origin}/m` }, metadata)).toMatchObject({ body: 'hello', lastModified: stamp });
    expect(await poll({ url: `${server.origin}/m` }, metadata)).toBe(unchanged);
    expect(server.requests[1]?.headers['if-modified-since']).toBe(stamp);
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(stateOf(metadata)).toMatchObject({ requests: 2, lastModified: stamp, etag: null });
  });

  it('returns the new body when the resource changed', async () => {
    let version = 1;
    server.handle((request, response) => {
      const etag = `"v${version}"`;
      response.setHeader('ETag', etag);
      if (request.headers['if-none-match'] === etag) {
        response.statusCode = 304;
        return response.end();
      }
      response.end(JSON.stringify({ version }));
    });
    const metadata: Metadata = {};
    await poll({ url: `${server.origin}/c` }, metadata);
    version = 2;
    const second = (await poll({ url: `${server.origin}/c` }, metadata)) as PollResult;
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(second).toMatchObject({ status: 200, body: { version: 2 }, etag: '"v2"' });
    expect(await poll({ url: `${server.origin}/c` }, metadata)).toBe(unchanged);
    expect(server.requests[2]?.headers['if-none-match']).toBe('"v2"');
  });

  it('does not send validators saved for another URL', async () => {
    server.handle((_request, response) => {
      response.setHeader('ETag', '"same"');
      response.end('{}');
    });
    const metadata: Metadata = {};
    await poll({ url: `${server.origin}/one` }, metadata);
    expect(await poll({ url: `${server.origin}/two` }, metadata)).toMatchObject({ url: `${server.origin}/two` });
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(stateOf(metadata)).toMatchObject({ requests: 2, target: `GET ${server.origin}/two` });
  });
});

describe('pollTask emit', () => {
  beforeEach(() => server.handle((_request, response) => response.end('{"same":true}')));

  it("returns unchanged for the same body without validators when emit is 'changed'", async () => {
    const metadata: Metadata = {};
    expect(await poll({ url: `${server.origin}/p` }, metadata)).toMatchObject({ body: { same: true } });
    expect(await poll({ url: `${server.origin}/p` }, metadata)).toBe(unchanged);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(stateOf(metadata).requests).toBe(2);
  });

  it("returns a result every time when emit is 'always'", async () => {
    const metadata: Metadata = {};
    expect(await poll({ url: `${server.origin}/p`, emit: 'always' }, metadata)).toMatchObject({ body: { same: true } });
    expect(await poll({ url: `${server.origin}/p`, emit: 'always' }, metadata)).toMatchObject({ body: { same: true } });
  });

  it('counts a new status with the same body as a change', async () => {
    const metadata: Metadata = {};
    let status = 200;
    server.handle((_request, response) => {
      response.statusCode = status;
      response.end('{}');
    });
    await poll({ url: `${server.origin}/p` }, metadata);
    status = 202;
    expect(await poll({ url: `${server.origin}/p` }, metadata)).toMatchObject({ status: 202 });
  });
});

describe('pollTask failures', () => {
  it('rejects on 500 and 404 with the status and the URL, keeping no state', async () => {
    server.handle((request, response) => {
      response.statusCode = request.path === '/missing' ? 404 : 500;
      response.end('nope');
    });
    const metadata: Metadata = {};
    await expect(poll({ url: `${server.origin}/broken` }, metadata)).rejects.toThrow(
      `GET ${server.origin}/broken answered 500 Internal Server Error`,
    );
    await expect(poll({ url: `${server.origin}/missing`, method: 'DELETE' }, metadata)).rejects.toThrow(
      `DELETE ${server.origin}/missing answered 404 Not Found`,
    );
    expect(metadata.poll).toBeUndefined();
  });

  it('rejects when the connection is refused', async () => {
    const closed = await startTestServer(() => undefined);
    const url = `${closed.origin}/gone`;
    await closed.close();
    const error = (await poll({ url }).catch((reason: unknown) => reason)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(new RegExp(`^GET ${url.replaceAll('.', '\\.')} failed: .*ECONNREFUSED`));
  });

  it('aborts the request when the signal aborts, with the signal reason', async () => {
    let arrived!: () => void;
    let socketClosed!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const serverSawClose = new Promise<void>((resolve) => (socketClosed = resolve));
    server.handle((_request, response) => {
      // Never answers: only the abort can end this run.
      response.on('close', socketClosed);
      arrived();
    });
    const controller = new AbortController();
    const run = poll({ url: `${server.origin}/slow` }, {}, controller.signal);
    await requestArrived;
    const reason = new HeartBeatError('closed', 'Run aborted: timeout');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    await serverSawClose;
  });

  it('sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new HeartBeatError('closed', 'Run aborted: removed');
    controller.abort(reason);
    await expect(poll({ url: `${server.origin}/x` }, {}, controller.signal)).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });
});
