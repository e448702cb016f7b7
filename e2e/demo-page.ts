/**
 * What every e2e spec does with the demo page: watch it for console errors and uncaught exceptions, wait until
 * it is ready, and give each test names (IndexedDB databases, server-side counters) of its own.
 */
import { type Page, expect } from '@playwright/test';

/** Collects console errors and uncaught exceptions of `page`; a test that expects none asserts `[]`. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Waits until the demo has connected its heartbeat and registered its items (`<body data-ready="true">`). */
export async function demoReady(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Opens the demo at `/?query`, watching it for problems from the first moment; resolves once it is ready. */
export async function openDemo(page: Page, query: string): Promise<string[]> {
  const problems = watchProblems(page);
  await page.goto(`/?${query}`);
  await demoReady(page);
  return problems;
}

/** A name no other test (or earlier run against a reused server) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
