import { fileURLToPath } from 'node:url';
import { chromium, defineConfig } from '@playwright/test';
import { CHROMIUM_QUIET_ARGS, resolveChromiumPath } from '../src/testing/chromium-path.ts';

// HEARTBEAT_E2E_PORT lets two test runs on one machine use their own dev servers.
const PORT = Number(process.env.HEARTBEAT_E2E_PORT ?? 4179);
const DEMO_URL = `http://localhost:${PORT}`;

// Run as `npx playwright test -c e2e/playwright.config.ts`; paths below are relative to this folder.
export default defineConfig({
  testDir: '.',
  // One worker: the machine has two cores, and timing tests that measure throttling must not compete for them.
  workers: 1,
  fullyParallel: false,
  // Background-tab tests let several seconds of real time pass on purpose.
  timeout: 60_000,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: DEMO_URL,
    launchOptions: {
      executablePath: resolveChromiumPath({ playwrightExecutablePath: () => chromium.executablePath() }),
      args: [...CHROMIUM_QUIET_ARGS],
    },
  },
  webServer: {
    // --bypass-lock: Vite 8 refuses a second dev server per project, and this one has its own port, so it may run
    // beside `npm run demo`.
    command: `npx vite --config vite.config.ts --port ${PORT} --strictPort --bypass-lock`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    // Vite's client reloads a page whose dev-server socket dropped, which freezing a page causes (vite.config.ts).
    env: { HEARTBEAT_HMR: 'off' },
    url: DEMO_URL,
    reuseExistingServer: !process.env.CI,
  },
});
