/**
 * The reason the library exists, proved on the demo page in a real Chromium: a hidden tab throttles the page's own
 * timers but not the heartbeat, and a frozen tab (worker included) wakes up to the missed-beat policy instead of a
 * burst of stale beats. Figures are read from the demo's timing panel, what a person watching it would see.
 *
 * Hidden and frozen tabs need `launchBackgroundTabBrowser` (Playwright's own launch keeps every page visible).
 * The e2e dev server leaves Vite's client out of the page (demo/no-dev-client-plugin.ts): it would reload a page
 * whose dev-server socket a freeze dropped.
 */
import { type Page, expect } from '@playwright/test';
import type { BackgroundTabBrowser } from '../src/testing/hidden-tab.ts';
import { test } from './background-tab-test.ts';
import { demoReady, watchProblems } from './demo-page.ts';

const INTERVAL_MS = 100;
const DEMO_QUERY = `?persist=off&interval=${INTERVAL_MS}`;

/** What the timing panel shows, read in one go with the page's own wall clock (epoch ms, as this process's). */
interface Timing {
  at: number;
  /** Changes if the page reloaded, which would restart every counter. */
  timeOrigin: number;
  visibility: DocumentVisibilityState;
  itemRuns: number;
  intervalFires: number;
  tick: number;
  beats: number;
  missedTotal: number;
  gapMissed: number;
  gapTick: number;
}

function readTiming(page: Page): Promise<Timing> {
  // page.evaluate, not a locator assertion: those poll on animation frames, which a hidden page does not have.
  return page.evaluate(() => {
    const value = (testId: string) => Number(document.querySelector(`[data-testid="${testId}"]`)!.textContent);
    return {
      at: Date.now(),
      timeOrigin: performance.timeOrigin,
      visibility: document.visibilityState,
      itemRuns: value('timing-item-runs'),
      intervalFires: value('timing-interval-fires'),
      tick: value('timing-tick'),
      beats: value('timing-beats'),
      missedTotal: value('timing-missed-total'),
      gapMissed: value('timing-gap-missed'),
      gapTick: value('timing-gap-tick'),
    };
  });
}

/** Opens the demo, fails the test on console errors, and waits until the panel has counted a few beats. */
async function openDemo(tabs: BackgroundTabBrowser, baseURL: string): Promise<{ page: Page; problems: string[] }> {
  const page = await tabs.context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${baseURL}/${DEMO_QUERY}`);
  await demoReady(page);
  await expect.poll(async () => (await readTiming(page)).itemRuns).toBeGreaterThanOrEqual(5);
  return { page, problems };
}

/** Lets real time pass in this process; the page keeps running (or not) on its own. */
const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(name: string, value: unknown): void {
  test.info().annotations.push({ type: name, description: JSON.stringify(value) });
}

test('hidden for 6 s: main-thread items run on ≥ 95 % of the beats, a page setInterval on ≤ 20 % of its count', async ({
  tabs,
  baseURL,
}) => {
  const { page, problems } = await openDemo(tabs, baseURL!);

  // Visible first, so the drop below is caused by hiding and not by a broken counter.
  const visibleFrom = await readTiming(page);
  await waitMs(1_000);
  const visibleTo = await readTiming(page);
  expect(visibleTo.visibility).toBe('visible');
  const visibleExpected = (visibleTo.at - visibleFrom.at) / INTERVAL_MS;
  expect(visibleTo.intervalFires - visibleFrom.intervalFires).toBeGreaterThanOrEqual(0.8 * visibleExpected);

  await tabs.hide(page);
  const from = await readTiming(page);
  expect(from.visibility).toBe('hidden');
  await waitMs(6_000);
  const to = await readTiming(page);
  expect(to.visibility).toBe('hidden');
  expect(to.timeOrigin).toBe(from.timeOrigin);

  const expected = (to.at - from.at) / INTERVAL_MS;
  const beats = to.tick - from.tick;
  const itemRuns = to.itemRuns - from.itemRuns;
  const intervalFires = to.intervalFires - from.intervalFires;
  record('hidden', { ms: to.at - from.at, expected, beats, itemRuns, intervalFires });
  expect(beats).toBeGreaterThanOrEqual(0.95 * expected);
  expect(itemRuns).toBeGreaterThanOrEqual(0.95 * beats);
  expect(intervalFires).toBeLessThanOrEqual(0.2 * expected);

  // Back in front, the page's own timer recovers its rate but not the fires it lost: the counters stay apart.
  await tabs.show(page);
  const shown = await readTiming(page);
  expect(shown.itemRuns - shown.intervalFires).toBeGreaterThanOrEqual(0.7 * expected);
  expect(problems).toEqual([]);
});

test('frozen for 3 s: the wake-up beat reports about 30 missed beats and the policy applies', async ({
  tabs,
  baseURL,
}) => {
  const { page, problems } = await openDemo(tabs, baseURL!);
  // Chrome freezes pages that are in the background: freeze the way it does, hidden first.
  await tabs.hide(page);
  const before = await readTiming(page);
  expect(before.gapMissed).toBe(0);

  await tabs.freeze(page);
  const frozenAt = Date.now();
  await waitMs(3_000);
  await tabs.resume(page);
  const frozenMs = Date.now() - frozenAt;
  await waitMs(1_000);
  const after = await readTiming(page);
  expect(after.timeOrigin, 'the page reloaded during the freeze').toBe(before.timeOrigin);

  const ticks = after.tick - before.tick;
  const beats = after.beats - before.beats;
  const missed = after.missedTotal - before.missedTotal;
  const itemRuns = after.itemRuns - before.itemRuns;
  const expectedTicks = (after.at - before.at) / INTERVAL_MS;
  record('frozen', { frozenMs, gapMissed: after.gapMissed, gapTick: after.gapTick, ticks, expectedTicks, beats, itemRuns });

  // One beat event reports the gap, on a tick after the freeze began.
  expect(after.gapTick).toBeGreaterThan(before.tick);
  expect(after.gapMissed).toBeGreaterThanOrEqual(25);
  expect(after.gapMissed).toBeLessThanOrEqual(35);
  expect(after.gapMissed).toBeLessThanOrEqual(frozenMs / INTERVAL_MS);
  // Hidden is not frozen: apart from a stray late timer, the missed beats are the gap's.
  expect(missed - after.gapMissed).toBeLessThanOrEqual(2);
  // The tick follows the wall clock: the missed beats are counted as passed.
  expect(Math.abs(ticks - expectedTicks)).toBeLessThanOrEqual(3);
  expect(ticks).toBe(beats + missed);
  // The every-beat item ran once per beat event (the gap's included), not once per missed beat. One run fewer is
  // allowed: a freeze can land between a run finishing on the page and the worker hearing of it, and the item
  // then skips the wake-up beat as still in flight.
  expect(itemRuns).toBeLessThanOrEqual(beats);
  expect(itemRuns).toBeGreaterThanOrEqual(beats - 1);
  expect(itemRuns).toBeLessThanOrEqual(ticks - 25);
  expect(problems).toEqual([]);
});

test('the timing panel renders, both counters advance together while visible, and it follows the interval', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto(`/${DEMO_QUERY}`);
  await demoReady(page);
  await expect(page.getByTestId('timing-interval')).toHaveText(String(INTERVAL_MS));

  await expect.poll(async () => (await readTiming(page)).itemRuns).toBeGreaterThanOrEqual(15);
  const visible = await readTiming(page);
  expect(visible.visibility).toBe('visible');
  expect(Math.abs(visible.itemRuns - visible.intervalFires)).toBeLessThanOrEqual(3);
  expect(Math.abs(Number(await page.getByTestId('timing-expected').textContent()) - visible.itemRuns)).toBeLessThanOrEqual(3);
  expect(visible.gapMissed).toBe(0);

  // One point per beat on the main-thread line, each inside the plot's 0–100 box.
  const points = (await page.getByTestId('timing-plot-main').getAttribute('points'))!.split(' ');
  expect(points.length).toBeGreaterThanOrEqual(15);
  for (const point of points) {
    const [x, y] = point.split(',').map(Number);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(100);
  }
  const p50 = Number(await page.getByTestId('timing-p50').textContent());
  expect(p50).toBeGreaterThanOrEqual(0);
  expect(p50).toBeLessThan(INTERVAL_MS);
  await expect(page.getByTestId('timing-scale')).toHaveText(/^\d+ ms$/);

  await page.getByTestId('timing-reset').click();
  expect((await readTiming(page)).itemRuns).toBeLessThanOrEqual(1);
  await expect.poll(async () => (await readTiming(page)).intervalFires).toBeGreaterThanOrEqual(5);

  // After changeInterval the page's timer is re-armed at the new interval and the counters start again.
  await page.getByTestId('interval-input').fill('50');
  await page.getByTestId('change-interval').click();
  await expect(page.getByTestId('timing-interval')).toHaveText('50');
  await expect.poll(async () => (await readTiming(page)).itemRuns).toBeGreaterThanOrEqual(20);
  const fast = await readTiming(page);
  expect(Math.abs(fast.itemRuns - fast.intervalFires)).toBeLessThanOrEqual(3);
  expect(problems).toEqual([]);
});

test('with the manual clock the timing panel says it needs real time and registers nothing', async ({ page }) => {
  await page.goto('/?clock=manual&persist=off');
  await demoReady(page);
  await expect(page.getByTestId('timing-note')).toHaveText(/needs real time/);
  await expect(page.getByTestId('item-Hello World!')).toHaveCount(1);
  await expect(page.getByTestId('item-timing-probe')).toHaveCount(0);
});
