/**
 * A Chromium whose tabs can really be hidden and frozen, for testing code that must keep working in a background
 * tab. Playwright's own `chromium.launch()` emulates focus on every page, so `document.visibilityState` stays
 * `'visible'` there and timers are never throttled; this helper starts Chromium itself and connects over CDP
 * instead, which leaves Chromium's real background behaviour in place.
 *
 * Node only. Playwright is a peer: types are imported with `import type`, and the `chromium` browser type is
 * loaded from `playwright-core` (installed with `@playwright/test` or `playwright`) when it is first needed, unless
 * you pass your own as `options.chromium`.
 *
 * @example
 * const tabs = await launchBackgroundTabBrowser();
 * try {
 *   const page = await tabs.open('http://localhost:5173/');
 *   await tabs.hide(page); // page's timers are now throttled, its workers are not
 *   await tabs.freeze(page); // nothing runs, workers included
 *   await tabs.resume(page);
 * } finally {
 *   await tabs.close();
 * }
 */
import type { Browser, BrowserContext, BrowserType, CDPSession, Page } from 'playwright-core';
import { CHROMIUM_QUIET_ARGS, resolveChromiumPath } from './chromium-path.ts';
import { type ChromiumProcess, startChromium } from './chromium-process.ts';

const CONNECT_TIMEOUT_MS = 30_000;
const VISIBILITY_TIMEOUT_MS = 5_000;

/** A Chromium with real background tabs. Every method waits until the change has taken effect. */
export interface BackgroundTabBrowser {
  /** The browser, connected over CDP. Closing it only disconnects; use {@link close}. */
  browser: Browser;
  /** Chromium's default context, where every page lives (a new context would not share the window). */
  context: BrowserContext;
  /** Opens url in a new page (page A), which is then the front tab. */
  open(url: string): Promise<Page>;
  /**
   * Hides `page` by opening/bringing to front another blank page; resolves once page reports visibilityState
   * 'hidden'. Rejects after 5 s otherwise (a frozen page cannot report).
   */
  hide(page: Page): Promise<void>;
  /** Brings `page` back to front; resolves once visible. */
  show(page: Page): Promise<void>;
  /**
   * Freezes page (and its dedicated workers) via CDP Page.setWebLifecycleState frozen. While frozen the page cannot
   * run `page.evaluate`; call {@link resume} first.
   */
  freeze(page: Page): Promise<void>;
  /** Unfreezes (state 'active'). Timers that came due while frozen fire once, late. */
  resume(page: Page): Promise<void>;
  /** Closes the browser, kills the process, deletes the temp profile. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link launchBackgroundTabBrowser}. */
export interface BackgroundTabBrowserOptions {
  /**
   * The Chromium or Chrome to run. Default: `$HEARTBEAT_CHROMIUM`, else Playwright's downloaded Chromium if
   * installed, else `/usr/bin/chromium` (see `resolveChromiumPath`).
   */
  executablePath?: string;
  /** Extra command-line flags, added after `CHROMIUM_QUIET_ARGS` (which include `--no-sandbox`). Default: none. */
  args?: string[];
  /** Run without a window. Default: `true`. A headed run needs a display. */
  headless?: boolean;
  /**
   * Playwright's `chromium` browser type, used to connect. Default: `chromium` from `playwright-core`, imported on
   * first use. Pass it when your package manager does not let this package see `playwright-core` (strict pnpm).
   */
  chromium?: BrowserType;
}

/**
 * Starts a headless Chromium with a fresh profile and connects to it. Rejects with a message that includes
 * Chromium's stderr if it does not start within 30 s; nothing is left running or on disk in that case.
 */
export async function launchBackgroundTabBrowser(
  options: BackgroundTabBrowserOptions = {},
): Promise<BackgroundTabBrowser> {
  const chromium = options.chromium ?? (await importChromium());
  const executablePath =
    options.executablePath ?? resolveChromiumPath({ playwrightExecutablePath: () => chromium.executablePath() });
  const chromiumProcess = await startChromium({
    executablePath,
    args: [...CHROMIUM_QUIET_ARGS, ...(options.args ?? [])],
    headless: options.headless ?? true,
  });
  let browser: Browser | undefined;
  try {
    // noDefaults: Playwright would otherwise apply its own viewport and focus settings to the default context.
    browser = await chromium.connectOverCDP(chromiumProcess.endpointURL, {
      noDefaults: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const context = browser.contexts()[0];
    if (context === undefined) throw new Error('Chromium exposed no default browser context over CDP');
    return createBackgroundTabBrowser(browser, context, chromiumProcess);
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await chromiumProcess.stop();
    const reason = error instanceof Error ? error.message : String(error);
    const tail = chromiumProcess.stderrTail().trim();
    throw new Error(
      `Could not connect to Chromium at ${chromiumProcess.endpointURL}: ${reason}` +
        (tail ? `\nChromium stderr (last lines):\n${tail}` : ''),
      { cause: error },
    );
  }
}

function createBackgroundTabBrowser(
  browser: Browser,
  context: BrowserContext,
  chromiumProcess: ChromiumProcess,
): BackgroundTabBrowser {
  // Chromium starts on about:blank; that tab becomes the cover page that hides the others.
  let cover: Page | undefined = context.pages()[0];
  const sessions = new WeakMap<Page, Promise<CDPSession>>();
  let closing: Promise<void> | undefined;

  async function coverPage(): Promise<Page> {
    if (cover === undefined || cover.isClosed()) cover = await context.newPage();
    return cover;
  }

  function sessionFor(page: Page): Promise<CDPSession> {
    let session = sessions.get(page);
    if (session === undefined) {
      session = context.newCDPSession(page);
      sessions.set(page, session);
    }
    return session;
  }

  async function setLifecycle(page: Page, state: 'frozen' | 'active'): Promise<void> {
    const session = await sessionFor(page);
    await session.send('Page.setWebLifecycleState', { state });
  }

  return {
    browser,
    context,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async hide(page) {
      const other = await coverPage();
      if (other === page) throw new Error('Cannot hide the blank cover page behind itself');
      await other.bringToFront();
      await waitForVisibility(page, 'hidden');
    },
    async show(page) {
      await page.bringToFront();
      await waitForVisibility(page, 'visible');
    },
    freeze: (page) => setLifecycle(page, 'frozen'),
    resume: (page) => setLifecycle(page, 'active'),
    close() {
      return (closing ??= (async () => {
        // Over CDP, Browser.close only disconnects; the process is ours to end.
        await browser.close().catch(() => undefined);
        await chromiumProcess.stop();
      })());
    },
  };
}

/**
 * Waits for the page's own `visibilitychange`, not a poll: a hidden page throttles timers and stops
 * `requestAnimationFrame`, which Playwright's `waitForFunction` polls with.
 */
async function waitForVisibility(page: Page, wanted: 'hidden' | 'visible'): Promise<void> {
  const reached = page.evaluate(
    (state) =>
      new Promise<void>((resolve) => {
        if (document.visibilityState === state) return resolve();
        const check = () => {
          if (document.visibilityState !== state) return;
          document.removeEventListener('visibilitychange', check);
          resolve();
        };
        document.addEventListener('visibilitychange', check);
      }),
    wanted,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Page ${page.url()} did not become ${wanted} within ${VISIBILITY_TIMEOUT_MS} ms (is it frozen?)`,
          ),
        ),
      VISIBILITY_TIMEOUT_MS,
    );
  });
  // The losing evaluate may reject later (page closed); that must not surface as an unhandled rejection.
  reached.catch(() => undefined);
  try {
    await Promise.race([reached, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function importChromium(): Promise<BrowserType> {
  try {
    return (await import('playwright-core')).chromium;
  } catch (error) {
    throw new Error(
      'launchBackgroundTabBrowser needs Playwright: install `@playwright/test` (or `playwright-core`), ' +
        'or pass `chromium` from it as `options.chromium`',
      { cause: error },
    );
  }
}
