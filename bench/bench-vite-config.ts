/**
 * The bench page's Vite config, passed inline to `createServer` (no config file, so no default export).
 */
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';

/** The bench owns ports 4185–4189; this is the one used without `--port`. */
export const defaultBenchPort = 4185;

/**
 * Serves bench/page on `port` (strict: a taken port fails rather than drifting out of the bench's range), with the
 * library source imported from ../src. HMR and its socket are off: Vite's client reloads a page whose dev-server
 * socket dropped, and a page hidden for 75 s must stay the page being measured.
 */
export function benchViteConfig(port: number = defaultBenchPort): InlineConfig {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  return {
    configFile: false,
    root: fileURLToPath(new URL('./page', import.meta.url)),
    logLevel: 'warn',
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, ws: false, fs: { allow: [repoRoot] } },
    worker: { format: 'es' },
  };
}
