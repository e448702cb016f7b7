/**
 * Playwright's `test` with a `tabs` fixture: a Chromium started by `launchBackgroundTabBrowser`, so a page can
 * really be hidden and frozen (a plain `chromium.launch()` keeps every page visible).
 */
import { test as base } from '@playwright/test';
import { type BackgroundTabBrowser, launchBackgroundTabBrowser } from '../src/testing/hidden-tab.ts';

export const test = base.extend<{ tabs: BackgroundTabBrowser }>({
  tabs: async ({}, use) => {
    const tabs = await launchBackgroundTabBrowser();
    await use(tabs);
    await tabs.close();
  },
});
