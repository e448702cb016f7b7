/**
 * heartbeat-worker/testing: helpers for testing an app that uses a heartbeat with Playwright. Node only;
 * `playwright-core` (installed with `@playwright/test` or `playwright`) is an optional peer, loaded on first use.
 *
 * For deterministic tests, no helper is needed: Playwright's `page.clock` cannot reach a worker, so create the
 * heartbeat with `new HeartBeat({ clock: 'manual' })` in a test build and call `heartbeat.advance(n)` from the test
 * (for example through a `window` hook) to run exactly n beats.
 */
export { launchBackgroundTabBrowser } from './hidden-tab.ts';
export type { BackgroundTabBrowser, BackgroundTabBrowserOptions } from './hidden-tab.ts';
export { CHROMIUM_ENV_VAR, CHROMIUM_QUIET_ARGS, SYSTEM_CHROMIUM_PATH, resolveChromiumPath } from './chromium-path.ts';
export type { ChromiumPathSources } from './chromium-path.ts';
