import { describe, expect, it } from 'vitest';
import { CHROMIUM_QUIET_ARGS, SYSTEM_CHROMIUM_PATH, resolveChromiumPath } from './chromium-path.ts';

const PLAYWRIGHT_PATH = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/** An `exists` that knows only the given paths. */
function filesAt(...paths: string[]): (path: string) => boolean {
  const known = new Set(paths);
  return (path) => known.has(path);
}

describe('resolveChromiumPath', () => {
  it('prefers HEARTBEAT_CHROMIUM over every other browser present', () => {
    const path = resolveChromiumPath({
      env: { HEARTBEAT_CHROMIUM: '/opt/chrome/chrome' },
      playwrightExecutablePath: () => PLAYWRIGHT_PATH,
      exists: filesAt('/opt/chrome/chrome', PLAYWRIGHT_PATH, SYSTEM_CHROMIUM_PATH),
    });
    expect(path).toBe('/opt/chrome/chrome');
  });

  it('refuses a HEARTBEAT_CHROMIUM that does not exist instead of silently using another browser', () => {
    expect(() =>
      resolveChromiumPath({
        env: { HEARTBEAT_CHROMIUM: '/nope/chrome' },
        exists: filesAt(SYSTEM_CHROMIUM_PATH),
      }),
    ).toThrow('Expected `HEARTBEAT_CHROMIUM` to name an existing Chromium executable, got "/nope/chrome"');
  });

  it("uses Playwright's downloaded Chromium when it is installed", () => {
    const path = resolveChromiumPath({
      env: {},
      playwrightExecutablePath: () => PLAYWRIGHT_PATH,
      exists: filesAt(PLAYWRIGHT_PATH, SYSTEM_CHROMIUM_PATH),
    });
    expect(path).toBe(PLAYWRIGHT_PATH);
  });

  it("falls back to /usr/bin/chromium when Playwright's Chromium is not downloaded", () => {
    const path = resolveChromiumPath({
      env: { HEARTBEAT_CHROMIUM: '' },
      playwrightExecutablePath: () => PLAYWRIGHT_PATH,
      exists: filesAt(SYSTEM_CHROMIUM_PATH),
    });
    expect(path).toBe(SYSTEM_CHROMIUM_PATH);
  });

  it('falls back to /usr/bin/chromium when Playwright throws for an unsupported host', () => {
    const path = resolveChromiumPath({
      env: {},
      playwrightExecutablePath: () => {
        throw new Error('unsupported platform');
      },
      exists: filesAt(SYSTEM_CHROMIUM_PATH),
    });
    expect(path).toBe(SYSTEM_CHROMIUM_PATH);
  });

  it('says how to install a browser when none is found', () => {
    expect(() =>
      resolveChromiumPath({ env: {}, playwrightExecutablePath: () => PLAYWRIGHT_PATH, exists: filesAt() }),
    ).toThrow(/npx playwright install chromium.*apt-get install chromium.*HEARTBEAT_CHROMIUM.*chromium-1/);
  });
});

describe('CHROMIUM_QUIET_ARGS', () => {
  it('never turns off the background throttling the tests measure', () => {
    expect(CHROMIUM_QUIET_ARGS).toContain('--no-sandbox');
    expect(CHROMIUM_QUIET_ARGS.filter((arg) => /throttl|backgrounding|occlu/i.test(arg))).toEqual([]);
  });
});
