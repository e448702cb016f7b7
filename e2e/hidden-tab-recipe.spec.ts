/**
 * Proves the background-tab recipe itself, with a page that needs nothing from the library: Chromium throttles a
 * hidden page's own timers but not its dedicated worker's, and a frozen page stops both. If these fail, every
 * library e2e test built on `launchBackgroundTabBrowser` would be measuring the wrong thing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { type BackgroundTabBrowser, launchBackgroundTabBrowser } from '../src/testing/hidden-tab.ts';

const ORIGIN = 'http://heartbeat.test';
const INTERVAL_MS = 100;
const FREEZE_PROPAGATION_MS = 50;

// Every tick is recorded as an epoch-ms timestamp: the worker's, the page's and this process's clocks agree on it.
const RECIPE_HTML = `<!doctype html>
<title>hidden-tab recipe</title>
<script>
  window.recipe = { mainTicks: [], workerTicks: [] };
  setInterval(() => recipe.mainTicks.push(Date.now()), ${INTERVAL_MS});
  const worker = new Worker('/recipe-worker.js');
  worker.onmessage = (event) => recipe.workerTicks.push(event.data);
</script>`;
const RECIPE_WORKER_JS = `setInterval(() => postMessage(Date.now()), ${INTERVAL_MS});`;

interface Ticks {
  mainTicks: number[];
  workerTicks: number[];
}

const test = base.extend<{ tabs: BackgroundTabBrowser }>({
  tabs: async ({}, use) => {
    const tabs = await launchBackgroundTabBrowser();
    // A made-up origin served by routes: the recipe must not depend on the demo's dev server.
    await tabs.context.route(`${ORIGIN}/recipe.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: RECIPE_HTML }),
    );
    await tabs.context.route(`${ORIGIN}/recipe-worker.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: RECIPE_WORKER_JS }),
    );
    await use(tabs);
    await tabs.close();
  },
});

async function openRecipe(tabs: BackgroundTabBrowser): Promise<Page> {
  const page = await tabs.open(`${ORIGIN}/recipe.html`);
  // The worker has started once it has ticked a few times.
  await expect.poll(async () => (await readTicks(page)).workerTicks.length).toBeGreaterThan(2);
  return page;
}

function readTicks(page: Page): Promise<Ticks> {
  return page.evaluate(() => (window as unknown as { recipe: Ticks }).recipe);
}
const visibility = (page: Page) => page.evaluate(() => document.visibilityState);
const countBetween = (ticks: number[], fromMs: number, toMs: number) =>
  ticks.filter((t) => t > fromMs && t <= toMs).length;

/** Lets real time pass in this process; the page keeps running (or not) on its own. */
const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a hidden page has its own timers throttled but not its dedicated worker', async ({ tabs }) => {
  const page = await openRecipe(tabs);
  expect(await visibility(page)).toBe('visible');

  // Baseline: visible, the main thread keeps its 100 ms interval, so the drop below is caused by hiding.
  const visibleFrom = Date.now();
  await waitMs(1_000);
  const visibleTo = Date.now();
  const visibleExpected = (visibleTo - visibleFrom) / INTERVAL_MS;
  expect(countBetween((await readTicks(page)).mainTicks, visibleFrom, visibleTo)).toBeGreaterThanOrEqual(
    0.8 * visibleExpected,
  );

  await tabs.hide(page);
  expect(await visibility(page)).toBe('hidden');
  const hiddenFrom = Date.now();
  await waitMs(6_000);
  const hiddenTo = Date.now();
  const { mainTicks, workerTicks } = await readTicks(page);
  const expected = (hiddenTo - hiddenFrom) / INTERVAL_MS;
  expect(countBetween(mainTicks, hiddenFrom, hiddenTo)).toBeLessThanOrEqual(0.2 * expected);
  expect(countBetween(workerTicks, hiddenFrom, hiddenTo)).toBeGreaterThanOrEqual(0.9 * expected);

  await tabs.show(page);
  expect(await visibility(page)).toBe('visible');
});

test('a frozen page runs nothing, not even its dedicated worker, until resumed', async ({ tabs }) => {
  const page = await openRecipe(tabs);
  // Chrome freezes background pages, so freeze the way it does: hidden first.
  await tabs.hide(page);

  await tabs.freeze(page);
  const frozenAt = Date.now();
  await waitMs(2_000);
  const resumedAt = Date.now();
  await tabs.resume(page);
  await waitMs(500);

  const { mainTicks, workerTicks } = await readTicks(page);
  // The freeze reaches the worker thread by message, a few ms after the CDP call returns: allow that much.
  const surelyFrozenAt = frozenAt + FREEZE_PROPAGATION_MS;
  expect(countBetween(workerTicks, surelyFrozenAt, resumedAt)).toBe(0);
  expect(countBetween(mainTicks, surelyFrozenAt, resumedAt)).toBe(0);
  // ...and it comes back: the worker ticks again once resumed.
  expect(countBetween(workerTicks, resumedAt, Date.now())).toBeGreaterThanOrEqual(2);
});

test('close ends Chromium and deletes its temporary profile', async () => {
  const before = new Set(await profileDirs());
  const tabs = await launchBackgroundTabBrowser();
  const created = (await profileDirs()).filter((dir) => !before.has(dir));
  expect(created).toHaveLength(1);
  const profileDir = join(tmpdir(), created[0]!);
  const port = Number((await readFile(join(profileDir, 'DevToolsActivePort'), 'utf8')).split('\n')[0]);
  expect((await fetch(`http://127.0.0.1:${port}/json/version`)).ok).toBe(true);

  await tabs.close();

  expect(await profileDirs()).not.toContain(created[0]);
  await expect(fetch(`http://127.0.0.1:${port}/json/version`)).rejects.toThrow();
});

test('a Chromium that fails to start is reported with its stderr, leaving no profile behind', async () => {
  const before = await profileDirs();
  // Node is a real executable that rejects Chromium's flags, exiting at once with a message on stderr.
  await expect(launchBackgroundTabBrowser({ executablePath: process.execPath })).rejects.toThrow(
    /exited with \d+ before opening its DevTools port[\s\S]*Chromium stderr[\s\S]*--headless/,
  );
  expect(await profileDirs()).toEqual(before);
});

async function profileDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('heartbeat-chromium-')).sort();
}
