/**
 * Which Chromium the browser tests run, decided in one place for the Playwright config and for
 * `launchBackgroundTabBrowser`. Node only.
 */
import { existsSync } from 'node:fs';

/** The environment variable that names a Chromium executable and wins over every other choice. */
export const CHROMIUM_ENV_VAR = 'HEARTBEAT_CHROMIUM';

/** Where Debian and Ubuntu's `chromium` package puts the browser; the last place looked. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags every test Chromium gets. `--no-sandbox` because CI containers run as root; the rest stop the browser
 * from phoning home or updating itself mid-test, which adds noise to timing measurements. Deliberately absent:
 * `--disable-background-timer-throttling` and friends, since the throttling is what the tests observe.
 */
export const CHROMIUM_QUIET_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** What {@link resolveChromiumPath} consults; every field has a real default and exists so tests can inject. */
export interface ChromiumPathSources {
  /** Environment to read {@link CHROMIUM_ENV_VAR} from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where Playwright keeps its own downloaded Chromium, usually `() => chromium.executablePath()` from
   * `playwright-core` or `@playwright/test`. May throw (Playwright does on hosts it has no build for). Default: none.
   */
  playwrightExecutablePath?: () => string;
  /** Whether a file exists. Default: `fs.existsSync`. */
  exists?: (path: string) => boolean;
}

/**
 * Picks the Chromium executable: `$HEARTBEAT_CHROMIUM` if set (it must exist), else Playwright's downloaded
 * Chromium if `npx playwright install` put it there, else `/usr/bin/chromium`. Throws an `Error` that says how
 * to get one when none is found.
 */
export function resolveChromiumPath(sources: ChromiumPathSources = {}): string {
  const env = sources.env ?? process.env;
  const exists = sources.exists ?? existsSync;

  const fromEnv = env[CHROMIUM_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!exists(fromEnv)) {
      throw new Error(`Expected \`${CHROMIUM_ENV_VAR}\` to name an existing Chromium executable, got "${fromEnv}"`);
    }
    return fromEnv;
  }

  let playwrightPath: string | undefined;
  try {
    playwrightPath = sources.playwrightExecutablePath?.();
  } catch {
    // Playwright throws for platforms it ships no build for; the system browser may still be there.
  }
  if (playwrightPath && exists(playwrightPath)) return playwrightPath;

  if (exists(SYSTEM_CHROMIUM_PATH)) return SYSTEM_CHROMIUM_PATH;

  throw new Error(
    'No Chromium found for the browser tests. Install one of: `npx playwright install chromium`, ' +
      '`apt-get install chromium` (gives /usr/bin/chromium), or set ' +
      `\`${CHROMIUM_ENV_VAR}\` to the path of a Chromium or Chrome executable.` +
      (playwrightPath ? ` (Looked for Playwright's Chromium at "${playwrightPath}".)` : ''),
  );
}
