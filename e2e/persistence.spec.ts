/**
 * Item state surviving reloads in a real Chromium (issue 4): the demo with persistence on, reloaded, stopped and
 * closed mid-window. Each test has its own `?persistName=`, so its IndexedDB database is its own. What a new page
 * will restore is read straight from IndexedDB and checked with the library's own record reader, so "nothing
 * corrupt" means exactly what the worker would accept on start-up.
 */
import { type Page, expect, test } from '@playwright/test';
import type { SavedHeartState } from '../src/engine/engine.ts';
import type { SavedItemState } from '../src/engine/item-record.ts';
import { databaseNameFor, objectStoreName } from '../src/storage/idb-store.ts';
import { readStoredRecord } from '../src/storage/saved-record.ts';
import { demoReady, openDemo, uniqueName } from './demo-page.ts';

interface SavedState {
  heart: SavedHeartState | null;
  items: Map<string, SavedItemState>;
  /** Records the worker would skip on start-up, with the reason. */
  problems: string[];
}

/**
 * Everything in the heartbeat's database, read from `page` (any page of the demo's origin), or null if the
 * database does not exist yet. Opening a database that does not exist would create it without its object store,
 * so that case is checked first.
 */
async function readSaved(page: Page, persistName: string): Promise<SavedState | null> {
  const rows = await page.evaluate(
    async ({ dbName, storeName }) => {
      if (!(await indexedDB.databases()).some((db) => db.name === dbName)) return null;
      const settle = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const db = await settle(indexedDB.open(dbName));
      try {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        // One transaction: keys and values come from the same committed state, in the same order.
        const [keys, values] = await Promise.all([settle(store.getAllKeys()), settle(store.getAll())]);
        return keys.map((key, index) => ({ key: key as unknown, value: values[index] as unknown }));
      } finally {
        db.close();
      }
    },
    { dbName: databaseNameFor(persistName), storeName: objectStoreName },
  );
  if (rows === null) return null;
  const saved: SavedState = { heart: null, items: new Map(), problems: [] };
  for (const { key, value } of rows) {
    const record = readStoredRecord(key, value);
    if (record.kind === 'heart') saved.heart = record.heart;
    else if (record.kind === 'item') saved.items.set(record.item.key, record.item);
    else saved.problems.push(record.problem);
  }
  return saved;
}

async function persistenceErrors(page: Page): Promise<string[]> {
  const lines = await page.getByTestId('log').locator('li').allTextContents();
  return lines.filter((line) => line.startsWith('persistence-error'));
}

async function advance(page: Page, beats: number): Promise<void> {
  const tick = Number(await page.getByTestId('tick').textContent());
  for (let i = 0; i < beats; i++) await page.getByTestId('advance').click();
  await expect(page.getByTestId('tick')).toHaveText(String(tick + beats));
}

const row = (page: Page, key: string) => page.getByTestId(`item-${key}`);
const tickShown = async (page: Page) => Number(await page.getByTestId('tick').textContent());

test('a reload continues runs, last tick, metadata and paused state; unregistered items stay dormant until removed', async ({
  page,
}) => {
  const persistName = uniqueName('reload');
  const query = `clock=manual&persistName=${persistName}`;
  const problems = await openDemo(page, query);
  await advance(page, 4);
  await page.getByTestId('add-key').fill('extra');
  await page.getByTestId('add-submit').click();
  await expect(row(page, 'extra')).toHaveCount(1);
  await advance(page, 6);
  await page.getByTestId('pause-Hello World!').click();
  await expect(row(page, 'Hello World!').getByTestId('paused')).toHaveText('true');
  const seedMetadata = await row(page, 'RealHeartBeatItem').getByTestId('metadata').textContent();
  const inception = /"inception": "([^"]+)"/.exec(seedMetadata!)?.[1];
  expect(inception).toMatch(/^\d{4}-\d\d-\d\dT/);

  // Reload only once the state is committed: this test is about what a reload keeps, the tab-close test below
  // about what it may lose.
  await expect
    .poll(async () => {
      const saved = await readSaved(page, persistName);
      return [saved?.heart?.tick, saved?.items.get('Hello World!')?.paused];
    })
    .toEqual([10, true]);
  await page.reload();
  await demoReady(page);

  await expect(page.getByTestId('tick')).toHaveText('10');
  const hello = row(page, 'Hello World!');
  await expect(hello.getByTestId('runs')).toHaveText('10');
  await expect(hello.getByTestId('last-tick')).toHaveText('10');
  await expect(hello.getByTestId('paused')).toHaveText('true');
  const seed = row(page, 'RealHeartBeatItem');
  await expect(seed.getByTestId('runs')).toHaveText('4');
  await expect(seed.getByTestId('last-tick')).toHaveText('8');
  await expect(seed.getByTestId('modtick')).toHaveText('8');
  // The metadata is the saved one, Date included, not the fresh `inception` this page load created.
  await expect(seed.getByTestId('metadata')).toHaveText(seedMetadata!);
  await expect(row(page, 'server-time').getByTestId('runs')).toHaveText('5');
  await expect(row(page, 'server-time').getByTestId('metadata')).toContainText('"lastServerTime":');
  const extra = row(page, 'extra');
  await expect(extra.getByTestId('state')).toHaveText('dormant');
  await expect(extra.getByTestId('runs')).toHaveText('6');

  await advance(page, 8);
  await expect(hello.getByTestId('runs')).toHaveText('10');
  await expect(seed.getByTestId('runs')).toHaveText('5');
  await expect(seed.getByTestId('last-tick')).toHaveText('16');
  await expect(page.getByTestId('seed-ticks')).toHaveText('16');
  await expect(seed.getByTestId('metadata')).toContainText('"Iter 5":');
  await expect(seed.getByTestId('metadata')).toContainText(`"inception": "${inception}"`);
  await expect(extra.getByTestId('runs')).toHaveText('6');

  await page.getByTestId('resume-Hello World!').click();
  await advance(page, 1);
  await expect(hello.getByTestId('runs')).toHaveText('11');
  await expect(hello.getByTestId('last-tick')).toHaveText('19');

  // remove(key) deletes a dormant item's saved state too.
  await page.getByTestId('remove-extra').click();
  await expect(extra).toHaveCount(0);
  await expect.poll(async () => (await readSaved(page, persistName))?.items.has('extra')).toBe(false);
  await page.reload();
  await demoReady(page);
  await expect(row(page, 'Hello World!').getByTestId('runs')).toHaveText('11');
  await expect(extra).toHaveCount(0);

  expect(await persistenceErrors(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a stopped heartbeat is saved at once and comes back stopped at the same tick', async ({ page }) => {
  const persistName = uniqueName('stopped');
  // A long flush window, so only the save that stop() does itself can have written the stop in time.
  const query = `interval=100&persistName=${persistName}&flushWindow=30000`;
  const problems = await openDemo(page, query);
  await expect.poll(() => tickShown(page)).toBeGreaterThanOrEqual(5);
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('running')).toHaveText('stopped');
  const stoppedAt = await tickShown(page);
  const helloRuns = await row(page, 'Hello World!').getByTestId('runs').textContent();
  // Already committed when stop() resolved (the page showed 'stopped' after it), 30 s before the window ends.
  expect((await readSaved(page, persistName))?.heart).toEqual({ intervalMs: 100, running: false, tick: stoppedAt });

  await page.reload();
  await demoReady(page);
  await expect(page.getByTestId('running')).toHaveText('stopped');
  await expect(page.getByTestId('tick')).toHaveText(String(stoppedAt));
  await expect(row(page, 'Hello World!').getByTestId('runs')).toHaveText(helloRuns!);
  // Stopped means no beats: a second later the tick has not moved.
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('tick')).toHaveText(String(stoppedAt));

  await page.getByTestId('start').click();
  await expect.poll(() => tickShown(page)).toBeGreaterThan(stoppedAt + 3);
  expect(await persistenceErrors(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('closing the tab during a flush window loses at most that window, and a new tab restores clean state', async ({
  page,
  context,
}) => {
  const persistName = uniqueName('close');
  const intervalMs = 100;
  const flushWindowMs = 1_000;
  const beatsPerWindow = flushWindowMs / intervalMs;
  await openDemo(page, `interval=${intervalMs}&persistName=${persistName}&flushWindow=${flushWindowMs}`);
  await expect.poll(() => tickShown(page)).toBeGreaterThanOrEqual(20);

  // Close in the middle of a window: just after a write committed, with a beat's changes pending since.
  const committed = (await readSaved(page, persistName))?.heart?.tick;
  await expect.poll(async () => (await readSaved(page, persistName))?.heart?.tick).not.toBe(committed);
  await page.waitForTimeout(flushWindowMs / 2);
  const closedAt = await tickShown(page);
  await page.close();

  // A page of the same origin that runs no heartbeat, to see what a new tab would be handed.
  const reader = await context.newPage();
  await reader.goto('/api/stats');
  const saved = await readSaved(reader, persistName);
  expect(saved).not.toBeNull();
  expect(saved!.problems).toEqual([]);
  const tick = saved!.heart!.tick;
  // `closedAt` was read off the page a moment before the close; the worker may have beaten once or twice more.
  expect(tick).toBeGreaterThanOrEqual(closedAt - beatsPerWindow);
  expect(tick).toBeLessThanOrEqual(closedAt + 3);
  expect(saved!.heart!.running).toBe(true);

  // One transaction wrote all of it: every item agrees with the heartbeat's tick. Items due on every beat ran or
  // were skipped (a run still going) on each of them; `server-time` is due on every second beat.
  const dueOn = (key: string) => {
    const item = saved!.items.get(key)!;
    expect(item.lastTickRan, key).toBeLessThanOrEqual(tick);
    return item.timesRan + item.skipped;
  };
  expect(dueOn('Hello World!')).toBe(tick);
  expect(dueOn('server-time')).toBe(Math.floor(tick / 2));
  const seed = saved!.items.get('RealHeartBeatItem')!;
  expect(seed.lastTickRan).toBe(2 ** (seed.timesRan - 1));
  expect(seed.metadata.inception).toBeInstanceOf(Date);
  // A run's metadata lands when it finishes, so a write may fall between a run's start and its end.
  const iterations = Object.keys(seed.metadata).filter((key) => key.startsWith('Iter ')).length;
  expect([seed.timesRan, seed.timesRan - 1]).toContain(iterations);
  for (const key of ['news', 'inbox']) {
    expect(dueOn(key), key).toBe(tick);
    expect(saved!.items.get(key)!.errorCount, key).toBe(0);
  }

  // And the new tab's heartbeat picks up from there.
  const next = await context.newPage();
  const problems = await openDemo(next, `interval=${intervalMs}&persistName=${persistName}&flushWindow=${flushWindowMs}`);
  await expect(next.getByTestId('running')).toHaveText('running');
  expect(await tickShown(next)).toBeGreaterThanOrEqual(tick);
  await expect.poll(async () => Number(await row(next, 'Hello World!').getByTestId('runs').textContent())).toBeGreaterThan(tick);
  expect(await persistenceErrors(next)).toEqual([]);
  expect(problems).toEqual([]);
});
