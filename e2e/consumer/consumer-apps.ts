/**
 * Where the consumer check keeps its work and serves its apps, shared by the global setup (which builds and serves
 * them) and the tests (which open them). Everything generated goes under e2e/.tmp/consumer/ (git-ignored).
 */
import { fileURLToPath } from 'node:url';

export type Bundler = 'vite' | 'webpack';

/** One fixture app build: the same app source bundled by `bundler`, served on `port`. */
export interface ConsumerApp {
  bundler: Bundler;
  port: number;
  /** The app as the bundler emitted it, served as static files. */
  outDir: string;
  url: string;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const APP_SOURCE_DIR = fileURLToPath(new URL('./app/', import.meta.url));
/** A folder with its own package.json and node_modules, so the app resolves `heartbeat-worker` to the tarball. */
export const CONSUMER_DIR = fileURLToPath(new URL('../.tmp/consumer/', import.meta.url));
export const CONSUMER_APP_DIR = `${CONSUMER_DIR}app/`;
export const INSTALLED_PACKAGE_DIR = `${CONSUMER_DIR}node_modules/heartbeat-worker/`;
/** What `npm pack --json` said about the tarball, kept for the package-contents test. */
export const PACK_REPORT_FILE = `${CONSUMER_DIR}pack-report.json`;

/** Two ports from `HEARTBEAT_CONSUMER_PORT` (default 4190), so two runs on one machine can each have their own. */
const basePort = Number(process.env.HEARTBEAT_CONSUMER_PORT ?? 4190);

export const consumerApps: readonly ConsumerApp[] = (['vite', 'webpack'] as const).map((bundler, index) => ({
  bundler,
  port: basePort + index,
  outDir: `${CONSUMER_DIR}${bundler}-dist/`,
  url: `http://localhost:${basePort + index}/`,
}));

/** The policy every response is served with: no inline script, no eval, no blob: or data: workers. */
export const STRICT_CSP = "default-src 'self'";

/** What the fixture server answers at `/api/news`, which the app polls with the built-in `poll` task. */
export const NEWS_BODY = { headline: 'Installed from the tarball' } as const;
