import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, createEngine } from '../engine/engine.ts';
import { type ManualClock, createManualClock } from '../engine/manual-clock.ts';
import type { SavedItemState } from '../engine/item-record.ts';
import type { WorkerEvent } from '../protocol.ts';
import type { PollInput, PollResult, PollState } from './poll-task.ts';
import { pollTask } from './poll-task.ts';
import { type TestServer, startTestServer } from './poll-test-server.ts';

type RunEvent = Extract<WorkerEvent, { type: 'run' }>;

const intervalMs = 1000;

/**
 * An engine running `pollTask` on a manual clock. The run itself does real network I/O, which the clock's
 * `advanceBy` cannot wait for, so `beat()` waits for the engine to report the item changed with no run in flight:
 * the engine's own change hook, fired when a run is recorded, whether or not it emitted a `run` event.
 */
function pollingEngine(clock: ManualClock) {
  const events: RunEvent[] = [];
  let onChange = () => {};
  const engine: Engine = createEngine({
    clock,
    intervalMs,
    tasks: { poll: pollTask },
    emit: (event) => {
      if (event.type === 'run') events.push(event);
    },
    changes: { itemChanged: () => onChange(), itemRemoved() {}, heartChanged() {} },
  });
  async function beat(key: string): Promise<void> {
    const ranBefore = engine.get(key)?.timesRan ?? 0;
    await clock.advanceBy(intervalMs);
    expect(engine.get(key)?.timesRan).toBe(ranBefore + 1);
    // Armed only now: the engine also reports a change when a run starts, before the run counts as in flight.
    await new Promise<void>((resolve) => {
      onChange = () => {
        if (engine.get(key)?.inFlight === 0) resolve();
      };
      onChange();
    });
  }
  return { engine, events, beat };
}

let server: TestServer;
let version: number;
let failing: boolean;

beforeEach(async () => {
  version = 1;
  failing = false;
  server = await startTestServer((request, response) => {
    if (failing) {
      response.statusCode = 500;
      return response.end('down');
    }
    const etag = `"v${version}"`;
    response.setHeader('ETag', etag);
    if (request.headers['if-none-match'] === etag) {
      response.statusCode = 304;
      return response.end();
    }
    response.end(JSON.stringify({ version }));
  });
});

afterEach(() => server.close());

describe('pollTask in the engine', () => {
  let engine: Engine | undefined;
  afterEach(() => engine?.close());

  it.each([
    ['no input', undefined, 'Expected `input` to be an object with a `url`'],
    ['a relative url', { url: 'api/news' }, 'Expected `input.url` to be an absolute http(s) URL'],
    ['a javascript: url', { url: 'javascript:alert(1)' }, '`"javascript:alert(1)"`'],
    ['a lower-case method', { url: '/x', method: 'get' }, 'Expected `input.method`'],
    ['a header with CRLF', { url: '/x', headers: { 'X-A': 'a\r\nb' } }, 'without CR, LF or NUL'],
    ['an unknown field', { url: '/x', every: 3 }, 'Expected `input` to have only the fields'],
  ])('refuses %s at registration, registering nothing', (_label, input, message) => {
    const clock = createManualClock(1_700_000_000_000);
    const polling = pollingEngine(clock);
    engine = polling.engine;
    expect(() => polling.engine.register({ key: 'news', kind: 'task', task: 'poll', options: { input } })).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining(message) }),
    );
    expect(polling.engine.list()).toEqual([]);
  });

  it('emits run events only when the body changed, counts every run, and records a 500 as an error', async () => {
    const clock = createManualClock(1_700_000_000_000);
    const polling = pollingEngine(clock);
    engine = polling.engine;
    const input: PollInput = { url: `${server.origin}/feed` };
    engine.register({ key: 'feed', kind: 'task', task: 'poll', options: { input } });
    engine.start();

    await polling.beat('feed');
    expect(polling.events).toHaveLength(1);
    expect(polling.events[0]).toMatchObject({ key: 'feed', tick: 1, outcome: { ok: true, value: { status: 200, body: { version: 1 }, etag: '"v1"' } } });

    await polling.beat('feed');
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(polling.events).toHaveLength(1);
    expect(engine.get('feed')).toMatchObject({ timesRan: 2, errorCount: 0 });

    version = 2;
    await polling.beat('feed');
    expect(polling.events).toHaveLength(2);
    expect(polling.events[1]).toMatchObject({ tick: 3, outcome: { ok: true, value: { body: { version: 2 }, etag: '"v2"' } } });
    expect((engine.get('feed')?.lastResult as PollResult).body).toEqual({ version: 2 });

    failing = true;
    await polling.beat('feed');
    expect(polling.events).toHaveLength(3);
    expect(polling.events[2]).toMatchObject({
      tick: 4,
      outcome: { ok: false, error: `GET ${server.origin}/feed answered 500 Internal Server Error`, timedOut: false },
    });

    failing = false;
    await polling.beat('feed');
    expect(polling.events).toHaveLength(3);

    const item = engine.get('feed');
    expect(item).toMatchObject({ timesRan: 5, errorCount: 1, lastError: `GET ${server.origin}/feed answered 500 Internal Server Error` });
    expect(server.requests).toHaveLength(5);
    // The failed run's metadata changes are dropped by the engine, so `requests` counts the four usable answers.
    expect(item?.metadata.poll as PollState).toMatchObject({ requests: 4, etag: '"v2"' });
  });

  it('keeps its validators across a reload, so the first poll after it is conditional', async () => {
    const first = pollingEngine(createManualClock(0));
    engine = first.engine;
    engine.register({ key: 'feed', kind: 'task', task: 'poll', options: { input: { url: `${server.origin}/feed` } } });
    engine.start();
    await first.beat('feed');
    const saved = structuredClone(engine.exportItem('feed')) as SavedItemState;
    engine.close();

    const second = pollingEngine(createManualClock(0));
    engine = second.engine;
    engine.restore({ intervalMs, running: true, tick: 1 }, [saved]);
    await second.beat('feed');
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(second.events).toHaveLength(0);
    expect(engine.get('feed')).toMatchObject({ timesRan: 2, errorCount: 0, dormant: false });
    expect((engine.get('feed')?.metadata.poll as PollState).requests).toBe(2);
  });
});
