import { describe, expect, it } from 'vitest';
import { HeartBeatError, type HeartBeatErrorCode } from '../heart-beat-error.ts';
import type { ItemOptions, RegisterRequest } from '../protocol.ts';
import { createEngine } from './engine.ts';
import { createManualClock } from './manual-clock.ts';
import { createHarness, finish, mainItem, ok, taskItem } from './test-harness.ts';

/** Runs `act`, expecting a HeartBeatError with this code, and returns it for checks on the message. */
function refusal(act: () => unknown, code: HeartBeatErrorCode): HeartBeatError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(HeartBeatError);
    expect((error as HeartBeatError).code).toBe(code);
    return error as HeartBeatError;
  }
  throw new Error(`Expected a HeartBeatError with code '${code}', nothing was thrown`);
}

/** An engine that already holds one item, so a refused registration can be seen to leave the list as it was. */
function withOneItem() {
  const h = createHarness({ tasks: { known: () => 1 } });
  h.engine.register(mainItem('existing', { modTick: 2, metadata: { a: 1 } }));
  return { ...h, listed: h.engine.list() };
}

describe('registration refuses bad input before registering anything', () => {
  it.each([
    ['an empty key', ''],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
  ])("refuses %s as key with 'invalid-key'", (_, key) => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register({ key, kind: 'main', fnId: 1, options: {} } as RegisterRequest), 'invalid-key');
    expect(error.message).toContain('`key`');
    expect(engine.list()).toEqual(listed);
  });

  it("refuses a key that is already registered with 'duplicate-key' and keeps the first item as it was", () => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(mainItem('existing', { modTick: 9 }, 2)), 'duplicate-key');
    expect(error.message).toContain('"existing"');
    expect(engine.list()).toEqual(listed);
  });

  it.each<[keyof ItemOptions, unknown, string]>([
    ['modTick', -1, '`-1` (number)'],
    ['modTick', 1.5, '`1.5` (number)'],
    ['modTick', Number.NaN, '`NaN` (number)'],
    ['modTick', '2', '`"2"` (string)'],
    ['maxRuns', -3, '`-3` (number)'],
    ['maxRuns', 0.25, '`0.25` (number)'],
    ['maxRuns', Number.NaN, '`NaN` (number)'],
    ['maxRuns', '5', '`"5"` (string)'],
    ['timeoutMs', -1, '`-1` (number)'],
    ['overlap', 'queue', '`"queue"` (string)'],
    ['startPaused', 1, '`1` (number)'],
  ])("refuses %s %s with 'invalid-option', naming the field and the value", (field, value, quoted) => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(mainItem('new', { [field]: value })), 'invalid-option');
    expect(error.message).toContain(`\`${field}\``);
    expect(error.message).toContain(quoted);
    expect(engine.list()).toEqual(listed);
  });

  it("refuses metadata holding a function with 'not-cloneable'", () => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(mainItem('new', { metadata: { onTick: () => 1 } })), 'not-cloneable');
    expect(error.message).toContain('`metadata`');
    expect(engine.list()).toEqual(listed);
  });

  it("refuses metadata that is not a plain object with 'invalid-option'", () => {
    const { engine, listed } = withOneItem();
    refusal(() => engine.register(mainItem('new', { metadata: [1, 2] as unknown as Record<string, unknown> })), 'invalid-option');
    expect(engine.list()).toEqual(listed);
  });

  it.each([
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
    ['null', null],
  ])("refuses metadata that is %s: its fields would be lost on the first run", (_label, metadata) => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(mainItem('new', { metadata: metadata as unknown as Record<string, unknown> })), 'invalid-option');
    expect(error.message).toContain('Expected `metadata` to be a plain object');
    expect(engine.list()).toEqual(listed);
  });

  it.each([
    ['a typo', { modtick: 3 }, '"modtick"'],
    ['the patch-only field paused', { paused: true }, '"paused"'],
  ])("refuses an unknown option (%s) with 'invalid-option' instead of ignoring it", (_label, options, quoted) => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(mainItem('new', options as ItemOptions)), 'invalid-option');
    expect(error.message).toContain('Expected `options` to have only the fields modTick, maxRuns, startPaused');
    expect(error.message).toContain(quoted);
    expect(engine.list()).toEqual(listed);
  });

  it("refuses a task name the worker does not have with 'unknown-task', listing the ones it has", () => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine.register(taskItem('new', 'missing')), 'unknown-task');
    expect(error.message).toContain("'known'");
    expect(error.message).toContain('"missing"');
    // Inherited names are not tasks.
    refusal(() => engine.register(taskItem('new', 'toString')), 'unknown-task');
    expect(engine.list()).toEqual(listed);
  });

  it("refuses a registration of unknown kind or without a whole-number fnId with 'invalid-job'", () => {
    const { engine, listed } = withOneItem();
    refusal(() => engine.register({ key: 'new', kind: 'cron', options: {} } as unknown as RegisterRequest), 'invalid-job');
    refusal(() => engine.register({ key: 'new', kind: 'main', fnId: 1.5, options: {} }), 'invalid-job');
    expect(engine.list()).toEqual(listed);
  });
});

describe('intervals', () => {
  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '100'])("refuses %s with 'invalid-interval'", (intervalMs) => {
    const clock = createManualClock(0);
    refusal(() => createEngine({ clock, emit() {}, intervalMs: intervalMs as number }), 'invalid-interval');

    const h = createHarness({ intervalMs: 1_000 });
    h.engine.start();
    const error = refusal(() => h.engine.changeInterval(intervalMs as number), 'invalid-interval');
    expect(error.message).toContain('`intervalMs`');
    expect(h.engine.status().intervalMs).toBe(1_000);
  });
});

describe('commands on items', () => {
  it.each(['pause', 'unPause'] as const)("refuses %s of an unknown key with 'unknown-key'", (command) => {
    const { engine, listed } = withOneItem();
    const error = refusal(() => engine[command]('nope'), 'unknown-key');
    expect(error.message).toContain('"nope"');
    expect(engine.list()).toEqual(listed);
  });

  it("refuses update() of an unknown key with 'unknown-key' and a bad patch with 'invalid-option', changing nothing", () => {
    const { engine, listed } = withOneItem();
    refusal(() => engine.update('nope', { modTick: 3 }), 'unknown-key');
    // Checked as a whole before any field is applied: the valid metadata is not half-applied.
    refusal(() => engine.update('existing', { metadata: { b: 2 }, modTick: -1 }), 'invalid-option');
    const error = refusal(() => engine.update('existing', { paused: 'yes' as unknown as boolean }), 'invalid-option');
    expect(error.message).toContain('`paused`');
    const unknown = refusal(() => engine.update('existing', { input: 1 } as never), 'invalid-option');
    expect(unknown.message).toBe(
      'Expected `patch` to have only the fields modTick, maxRuns, paused, metadata, timeoutMs, overlap, got `"input"` (string)',
    );
    expect(engine.list()).toEqual(listed);
  });

  it("refuses an empty key for get and remove with 'invalid-key'", () => {
    const { engine } = withOneItem();
    refusal(() => engine.get(''), 'invalid-key');
    refusal(() => engine.remove(''), 'invalid-key');
  });
});

describe('patches sent back by a run', () => {
  it('records a bad patch as the run failing and applies none of it', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job', { modTick: 1, metadata: { safe: true } }));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const run = h.beats()[0]!.due[0]!;
    finish(h.engine, run, (context) => {
      context.metadata.changed = true;
      context.modTick = -4;
    });
    const item = h.engine.get('job')!;
    expect(item).toMatchObject({ modTick: 1, errorCount: 1, inFlight: 0 });
    expect(item.metadata).toEqual({ safe: true });
    expect(item.lastError).toContain('`modTick`');
    expect(item.lastError).toContain('`-4` (number)');
    // The run still counts as one that ended: the next beat runs the item again.
    await h.clock.advanceBy(1_000);
    expect(h.beats()[1]!.due).toHaveLength(1);
  });

  it('records metadata a run cannot send back as the run failing', async () => {
    const h = createHarness();
    h.engine.register(mainItem('job'));
    h.engine.start();
    await h.clock.advanceBy(1_000);
    const run = h.beats()[0]!.due[0]!;
    h.engine.finishRun('job', run.runId, ok, { metadata: { fn: () => 1 } });
    expect(h.engine.get('job')!.lastError).toContain('`metadata`');
    expect(h.engine.get('job')).toMatchObject({ errorCount: 1 });
    expect(h.engine.get('job')!.metadata).toEqual({});
  });
});
