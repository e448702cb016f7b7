/**
 * Worker tasks in a real Chromium (issue 5): the demo's own worker entry polls the dev server with the built-in
 * `poll` task (`/api/news`) and its own `checkInbox` task (`/api/inbox`). The server counts the requests each page
 * tags with `?client=`, so these tests read the rate from the server's side, not from the page that is being
 * throttled.
 */
import { type Page, expect } from '@playwright/test';
import { test } from './background-tab-test.ts';
import { demoReady, uniqueName, watchProblems } from './demo-page.ts';

const PORT = Number(process.env.HEARTBEAT_E2E_PORT ?? 4179);
const ORIGIN = `http://localhost:${PORT}`;
const INTERVAL_MS = 100;

type Stats = Record<string, number | undefined>;

/** What the dev server has counted for `client`, by path. Read from Node: the page may be hidden or gone. */
async function serverStats(client: string): Promise<Stats> {
  const response = await fetch(`${ORIGIN}/api/stats?client=${encodeURIComponent(client)}`);
  return (await response.json()) as Stats;
}

const figure = async (page: Page, testId: string) => Number(await page.getByTestId(testId).textContent());
const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('worker tasks keep polling at the full rate while the tab is hidden', async ({ tabs }) => {
  const client = uniqueName('hidden');
  const page = await tabs.open(`${ORIGIN}/?interval=${INTERVAL_MS}&persist=off&client=${client}`);
  const problems = watchProblems(page);
  await demoReady(page);
  await expect.poll(() => figure(page, 'inbox-runs')).toBeGreaterThan(3);

  await tabs.hide(page);
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
  const before = await serverStats(client);
  const from = Date.now();
  // Long enough for a hidden page's own timers to be down to one a second (BROWSER-NOTES), well past 1 beat.
  await waitMs(6_000);
  const after = await serverStats(client);
  const elapsedMs = Date.now() - from;
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');

  const beats = elapsedMs / INTERVAL_MS;
  for (const path of ['/api/inbox', '/api/news']) {
    const sent = (after[path] ?? 0) - (before[path] ?? 0);
    // Full rate: one request per beat. A throttled page would manage about one a second (6 in this window).
    expect(sent, `${path} requests in ${elapsedMs} ms hidden`).toBeGreaterThanOrEqual(Math.floor(0.85 * beats));
    expect(sent, `${path} requests in ${elapsedMs} ms hidden`).toBeLessThanOrEqual(Math.ceil(beats) + 2);
  }

  // The page shows the worker's own count, and it agrees with the server's (a request may be in flight).
  await tabs.show(page);
  await expect
    .poll(async () => (await serverStats(client))['/api/inbox']! - (await figure(page, 'inbox-requests')))
    .toBeLessThanOrEqual(1);
  await expect(page.getByTestId('inbox-result')).toHaveText(/^Message \d+ to the demo inbox$/);
  await expect(page.getByTestId('news-result')).toHaveText(/^Edition \d+ of the demo news$/);
  await expect(page.getByTestId('inbox-errors')).toHaveText('0');
  await expect(page.getByTestId('news-errors')).toHaveText('0');
  expect(problems).toEqual([]);
});

test('after a reload with persistence on, worker tasks resume with their run count before the page registers', async ({
  page,
}) => {
  const problems = watchProblems(page);
  const persistName = uniqueName('worker-task');
  const client = uniqueName('resume');
  const query = `interval=${INTERVAL_MS}&persistName=${persistName}&flushWindow=500&client=${client}`;
  await page.goto(`/?${query}`);
  await demoReady(page);
  await expect.poll(() => figure(page, 'inbox-runs')).toBeGreaterThanOrEqual(20);
  const runsBefore = await figure(page, 'inbox-runs');
  const requestsBefore = await figure(page, 'inbox-requests');

  // A new document, whose page holds its own registrations back for 5 s.
  await page.goto(`/?${query}&registerAfter=5000`);
  const registration = page.getByTestId('page-registration');
  await expect(registration).toHaveText('waiting 5000 ms before registering');
  await expect(page.getByTestId('inbox-runs')).not.toHaveText('–');
  // Server first, page second: every request counted here belongs to a run counted in `resumedAt`.
  const statsAtResume = await serverStats(client);
  const resumedAt = await figure(page, 'inbox-runs');
  // Loss at most one flush window (5 beats here) and the beats during the page change; never back to 0.
  expect(resumedAt).toBeGreaterThanOrEqual(runsBefore - 8);

  // Still before the page registered anything: the task runs on, the page's own job is only a saved record.
  await expect.poll(() => figure(page, 'inbox-runs')).toBeGreaterThanOrEqual(resumedAt + 10);
  await expect(registration).toHaveText('waiting 5000 ms before registering');
  await expect(page.getByTestId('item-Hello World!').getByTestId('state')).toHaveText('dormant');
  await expect(page.getByTestId('item-inbox').getByTestId('state')).toHaveText('task checkInbox');
  expect(await figure(page, 'inbox-requests')).toBeGreaterThan(requestsBefore);
  const unregisteredRuns = await figure(page, 'inbox-runs');

  // The server saw those runs' requests, tagged with the input the item was saved with (one may be in flight).
  const sentWhileWaiting = (await serverStats(client))['/api/inbox']! - statsAtResume['/api/inbox']!;
  expect(sentWhileWaiting).toBeGreaterThanOrEqual(unregisteredRuns - resumedAt - 1);

  // The page's registration continues the resumed item rather than failing or starting it afresh.
  await expect(registration).toHaveText('registered', { timeout: 10_000 });
  await expect(page.getByTestId('item-Hello World!').getByTestId('state')).toHaveText('active');
  await expect.poll(() => figure(page, 'inbox-runs')).toBeGreaterThan(unregisteredRuns + 5);
  await expect(page.getByTestId('inbox-errors')).toHaveText('0');
  expect(problems).toEqual([]);
});
