/**
 * The demo page in a real Chromium: the seed's example, every control, and the polling job. Most tests drive beats
 * by hand (`?clock=manual`, the "Advance" button) so they are exact; the ones about real time say so.
 */
import { type Page, expect, test } from '@playwright/test';
import { openDemo } from './demo-page.ts';

async function advance(page: Page, beats: number): Promise<void> {
  const tick = Number(await page.getByTestId('tick').textContent());
  for (let i = 0; i < beats; i++) await page.getByTestId('advance').click();
  await expect(page.getByTestId('tick')).toHaveText(String(tick + beats));
}

const row = (page: Page, key: string) => page.getByTestId(`item-${key}`);

test('loads with no console errors and beats on its own', async ({ page }) => {
  const problems = await openDemo(page, 'interval=100&persist=off');
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect.poll(async () => Number(await page.getByTestId('tick').textContent())).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('log')).toContainText('Hello World!');
  expect(problems).toEqual([]);
});

test("the seed's item runs on ticks 1, 2, 4, 8, 16 (real time, 100 ms beats)", async ({ page }) => {
  const problems = await openDemo(page, 'interval=100&persist=off');
  await expect(page.getByTestId('seed-ticks')).toHaveText(/^1, 2, 4, 8, 16\b/, { timeout: 10_000 });
  const seed = row(page, 'RealHeartBeatItem');
  await expect(seed.getByTestId('metadata')).toContainText('Iter 5');
  expect(problems).toEqual([]);
});

test("the seed's item runs on exactly ticks 1, 2, 4, 8, 16 with the manual clock", async ({ page }) => {
  await openDemo(page, 'clock=manual&persist=off');
  await advance(page, 20);
  await expect(page.getByTestId('seed-ticks')).toHaveText('1, 2, 4, 8, 16');
  const seed = row(page, 'RealHeartBeatItem');
  await expect(seed.getByTestId('runs')).toHaveText('5');
  await expect(seed.getByTestId('last-tick')).toHaveText('16');
  await expect(seed.getByTestId('modtick')).toHaveText('16');
  await expect(row(page, 'Hello World!').getByTestId('runs')).toHaveText('20');
});

test('pause, resume and remove work from the page', async ({ page }) => {
  await openDemo(page, 'clock=manual&persist=off');
  const hello = row(page, 'Hello World!');
  await advance(page, 2);
  await expect(hello.getByTestId('runs')).toHaveText('2');

  await page.getByTestId('pause-Hello World!').click();
  await expect(hello.getByTestId('paused')).toHaveText('true');
  await advance(page, 3);
  await expect(hello.getByTestId('runs')).toHaveText('2');

  await page.getByTestId('resume-Hello World!').click();
  await expect(hello.getByTestId('paused')).toHaveText('false');
  await advance(page, 2);
  await expect(hello.getByTestId('runs')).toHaveText('4');
  await expect(hello.getByTestId('last-tick')).toHaveText('7');

  await page.getByTestId('remove-Hello World!').click();
  await expect(hello).toHaveCount(0);
  await advance(page, 1);
  await expect(hello).toHaveCount(0);
});

test('changing the interval changes the beat rate (real time)', async ({ page }) => {
  await openDemo(page, 'interval=1000&persist=off');
  await page.getByTestId('interval-input').fill('50');
  await page.getByTestId('change-interval').click();
  await expect(page.getByTestId('interval')).toHaveText('50');
  const before = Number(await page.getByTestId('tick').textContent());
  const startedAt = Date.now();
  await expect.poll(async () => Number(await page.getByTestId('tick').textContent())).toBeGreaterThanOrEqual(before + 20);
  // 20 beats at 1000 ms would take 20 s; at 50 ms about 1 s.
  expect(Date.now() - startedAt).toBeLessThan(5_000);
});

test('the interval control refuses bad input with the error code', async ({ page }) => {
  await openDemo(page, 'clock=manual&persist=off');
  await page.getByTestId('interval-input').fill('0');
  await page.getByTestId('change-interval').click();
  await expect(page.getByTestId('control-error')).toHaveText(/^invalid-interval: Expected `delta`/);
});

test('the polling job shows fresh data from the dev server', async ({ page }) => {
  await openDemo(page, 'interval=100&persist=off');
  const requests = page.getByTestId('server-requests');
  await expect(requests).not.toHaveText('–');
  const first = Number(await requests.textContent());
  const firstTime = await page.getByTestId('server-time').textContent();
  await expect.poll(async () => Number(await requests.textContent())).toBeGreaterThan(first + 2);
  await expect(page.getByTestId('server-time')).not.toHaveText(firstTime!);
  const shown = Date.parse((await page.getByTestId('server-time').textContent())!);
  expect(Math.abs(Date.now() - shown)).toBeLessThan(2_000);
});

test('an item added from the form runs maxRuns times on its modTick, then is done', async ({ page }) => {
  await openDemo(page, 'clock=manual&persist=off');
  await page.getByTestId('add-key').fill('extra');
  await page.getByTestId('add-modtick').fill('2');
  await page.getByTestId('add-maxruns').fill('2');
  await page.getByTestId('add-submit').click();
  const extra = row(page, 'extra');
  await expect(extra).toHaveCount(1);
  await advance(page, 7);
  await expect(extra.getByTestId('runs')).toHaveText('2');
  await expect(extra.getByTestId('last-tick')).toHaveText('4');
  await expect(extra.getByTestId('state')).toHaveText('done');
  await expect(extra.getByTestId('metadata')).toContainText('"count": 2');
});

test('the form refuses a duplicate key and a bad modTick with typed errors', async ({ page }) => {
  await openDemo(page, 'clock=manual&persist=off');
  await page.getByTestId('add-key').fill('Hello World!');
  await page.getByTestId('add-submit').click();
  await expect(page.getByTestId('add-error')).toHaveText(/^duplicate-key: /);
  await page.getByTestId('add-key').fill('fresh');
  await page.getByTestId('add-modtick').fill('-3');
  await page.getByTestId('add-submit').click();
  await expect(page.getByTestId('add-error')).toHaveText(/^invalid-option: Expected `modTick`.*`-3`/);
  await expect(row(page, 'fresh')).toHaveCount(0);
});
