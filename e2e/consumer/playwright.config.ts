import { chromium, defineConfig } from '@playwright/test';
import { CHROMIUM_QUIET_ARGS, resolveChromiumPath } from '../../src/testing/chromium-path.ts';

// The consumer check (`npm run test:consumer`): the packed library installed into a fixture app, bundled by Vite and
// by webpack 5, served under `Content-Security-Policy: default-src 'self'`. The global setup packs, installs, builds
// and serves (ports from HEARTBEAT_CONSUMER_PORT, default 4190 and 4191). Test files end in `.check.ts` so the main
// e2e config, which picks up every `*.spec.ts` under e2e/, leaves them alone.
export default defineConfig({
  testDir: '.',
  testMatch: '*.check.ts',
  globalSetup: './prepare-consumer-apps.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    launchOptions: {
      executablePath: resolveChromiumPath({ playwrightExecutablePath: () => chromium.executablePath() }),
      args: [...CHROMIUM_QUIET_ARGS],
    },
  },
});
