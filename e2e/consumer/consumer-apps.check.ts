/**
 * The consumer check: the packed library, installed into an app bundled by Vite and by webpack 5 and served with
 * `Content-Security-Policy: default-src 'self'` (see prepare-consumer-apps.ts). Each app must find the library's
 * worker file, beat, run the built-in poll task and a task of its own worker entry, and do it all without one CSP
 * violation or console error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Page, expect, test } from '@playwright/test';
import type { HeartBeat, ItemSnapshot } from '../../src/index.ts';
import { INSTALLED_PACKAGE_DIR, NEWS_BODY, PACK_REPORT_FILE, consumerApps } from './consumer-apps.ts';

/** What the fixture app puts on `window` once it has started. */
interface ConsumerAppHandle {
  heartbeat: HeartBeat;
  custom: HeartBeat;
}

/** Everything a page did that a strict policy or a broken build would show. */
interface PageWatch {
  /** `<directive> blocked <URI>` per `securitypolicyviolation` event in the page. */
  violations(): Promise<string[]>;
  /** Console errors of the page and its workers, and uncaught page errors. */
  errors: string[];
  /** URLs of the workers the page started. */
  workers: string[];
}

async function watchPage(page: Page): Promise<PageWatch> {
  // An init script runs before the app's own code, so nothing the app does can escape it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
    });
  });
  const watch: PageWatch = {
    violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    errors: [],
    workers: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(`page: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`));
  page.on('worker', (worker) => {
    watch.workers.push(worker.url());
    worker.on('console', (message) => {
      if (message.type() === 'error') watch.errors.push(`worker ${worker.url()}: ${message.text()}`);
    });
  });
  return watch;
}

async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

function readCount(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).textContent().then(Number);
}

for (const app of consumerApps) {
  test.describe(`${app.bundler} app`, () => {
    test('beats, runs the built-in poll task and its own worker task, with no CSP violation', async ({ page }) => {
      const watch = await watchPage(page);
      await openApp(page, app.url);

      await expect.poll(() => readCount(page, 'beats')).toBeGreaterThanOrEqual(5);
      await expect(page.getByTestId('poll-result')).toHaveText(JSON.stringify(NEWS_BODY));
      await expect(page.getByTestId('task-result')).not.toBeEmpty();
      const result = JSON.parse((await page.getByTestId('task-result').textContent()) ?? '') as Record<string, unknown>;
      const tick = result.tick as number;
      expect(tick % 4).toBe(2);
      expect(result).toEqual({ tick, square: tick * tick, inWorker: true });

      // Two workers (the library's default one and the app's own), each a real file on the app's origin.
      expect(watch.workers).toHaveLength(2);
      for (const url of watch.workers) expect(url.startsWith(app.url), url).toBe(true);
      for (const url of watch.workers) {
        const response = await page.request.get(url);
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toContain('javascript');
      }

      await expect(page.getByTestId('errors')).toBeEmpty();
      expect(await watch.violations()).toEqual([]);
      expect(watch.errors).toEqual([]);
    });

    test("clock: 'manual' runs exactly the beats advance() asks for", async ({ page }) => {
      const watch = await watchPage(page);
      await openApp(page, `${app.url}?clock=manual`);

      const reached = await page.evaluate(() => {
        const { heartbeat, custom } = (window as unknown as { consumerApp: ConsumerAppHandle }).consumerApp;
        return Promise.all([heartbeat.advance(6), custom.advance(6)]);
      });
      expect(reached).toEqual([6, 6]);
      await expect(page.getByTestId('beats')).toHaveText('6');
      // `square` (modTick 2) ran on ticks 2, 4 and 6 and reported `unchanged` on tick 4.
      await expect(page.getByTestId('task-reports')).toHaveText('2');
      await expect(page.getByTestId('task-result')).toHaveText(JSON.stringify({ tick: 6, square: 36, inWorker: true }));
      const square = await page.evaluate(() =>
        (window as unknown as { consumerApp: ConsumerAppHandle }).consumerApp.custom.get('square'),
      );
      expect(square).toMatchObject({ timesRan: 3, lastTickRan: 6 } satisfies Partial<ItemSnapshot>);

      // Real time passing moves nothing on a manual clock.
      await page.waitForTimeout(500);
      const ticks = await page.evaluate(() => {
        const { heartbeat, custom } = (window as unknown as { consumerApp: ConsumerAppHandle }).consumerApp;
        return Promise.all([heartbeat.currentTick(), custom.currentTick()]);
      });
      expect(ticks).toEqual([6, 6]);
      await expect(page.getByTestId('beats')).toHaveText('6');

      expect(await watch.violations()).toEqual([]);
      expect(watch.errors).toEqual([]);
    });

    test('the policy is really enforced: a blob: worker is refused and reported', async ({ page }) => {
      const watch = await watchPage(page);
      await openApp(page, app.url);

      // Chromium checks the policy when it fetches the script, after the constructor returned: the worker fails.
      const outcome = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const worker = new Worker(URL.createObjectURL(new Blob(['postMessage("ran")'], { type: 'text/javascript' })));
            worker.onmessage = () => resolve('ran');
            worker.onerror = () => resolve('refused');
          }),
      );
      expect(outcome).toBe('refused');
      await expect.poll(() => watch.violations()).toEqual(['worker-src blocked blob']);
    });
  });
}

test('the hidden-tab helper from the tarball: a bundled app keeps beating in a background tab', async () => {
  const app = consumerApps[0]!;
  // The installed package's own `heartbeat-worker/testing`, with its lazy import of playwright-core.
  const testingEntry = pathToFileURL(join(INSTALLED_PACKAGE_DIR, 'dist/testing.js')).href;
  const testing = (await import(testingEntry)) as typeof import('../../src/testing/index.ts');
  const tabs = await testing.launchBackgroundTabBrowser();
  try {
    const page = await tabs.open(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await tabs.hide(page);
    const before = await readCount(page, 'beats');
    // Three seconds hidden: 100 ms beats come from the worker about 30 times; a hidden page's own timers fire
    // about once a second, so a count near 3 would mean the beat had fallen back to the page.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await page.evaluate(() => ({
      beats: Number(document.querySelector('[data-testid="beats"]')?.textContent),
      visibility: document.visibilityState,
    }));
    expect(after.visibility).toBe('hidden');
    expect(after.beats - before).toBeGreaterThanOrEqual(20);
  } finally {
    await tabs.close();
  }
});

test('the tarball holds dist/ only, and every export points at a file in it', () => {
  const [packed] = JSON.parse(readFileSync(PACK_REPORT_FILE, 'utf8')) as Array<{ files: Array<{ path: string }> }>;
  const paths = packed!.files.map((file) => file.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'package.json',
      'dist/index.js',
      'dist/heartbeat-worker.js',
      'dist/worker.js',
      'dist/testing.js',
      'dist/types/src/index.d.ts',
      'dist/types/worker/index.d.ts',
      'dist/types/src/testing/index.d.ts',
    ]),
  );
  expect(paths.filter((path) => !path.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE)$/.test(path))).toEqual([]);
  expect(paths.filter((path) => /\.test\.|\.map$/.test(path))).toEqual([]);

  const manifest = JSON.parse(readFileSync(join(INSTALLED_PACKAGE_DIR, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  };
  const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
  for (const target of targets) expect(paths, target).toContain(target.replace(/^\.\//, ''));

  const entry = readFileSync(join(INSTALLED_PACKAGE_DIR, 'dist/index.js'), 'utf8');
  expect(entry).toContain('new Worker(new URL("./heartbeat-worker.js", import.meta.url)');
});
