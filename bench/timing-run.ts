/**
 * Drives the timing section in a Chromium whose tabs can really be hidden: every source beats on one page, first
 * visible, then through each planned hidden spell with a short visible gap after each. The page itself stamps
 * every beat and visibility change, so this side only lets time pass.
 */
import type { Page } from 'playwright-core';
import type { BackgroundTabBrowser } from '../src/testing/hidden-tab.ts';
import type { BenchOptions } from './bench-options.ts';
import type { BenchPageApi, TimingRecords } from './page-api.ts';

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the plan on `page` (open, visible, bench API ready); resolves with the page's records. */
export async function runTiming(
  tabs: BackgroundTabBrowser,
  page: Page,
  plan: BenchOptions['timing'],
  log: (line: string) => void,
): Promise<TimingRecords> {
  await page.evaluate((intervalsMs) => (window as unknown as { bench: BenchPageApi }).bench.startTiming(intervalsMs), plan.intervalsMs);
  log(`timing: ${plan.intervalsMs.join(', ')} ms × 4 sources beating; visible for ${plan.visibleMs / 1000} s`);
  await waitMs(plan.visibleMs);
  for (const spell of plan.spells) {
    await tabs.hide(page);
    log(`timing: ${spell.label}`);
    await waitMs(spell.hiddenMs);
    await tabs.show(page);
    await waitMs(plan.gapMs);
  }
  return page.evaluate(() => (window as unknown as { bench: BenchPageApi }).bench.stopTiming());
}
