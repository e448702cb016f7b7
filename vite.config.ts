/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { demoApiPlugin } from './demo/demo-api-plugin.ts';
import { noDevClientPlugin } from './demo/no-dev-client-plugin.ts';

// The demo is served from demo/ with a small API of its own; unit tests run in Node from src/ and worker/.
// HEARTBEAT_HMR=off (set by the e2e config) turns HMR off and leaves Vite's dev client out of the page: the client
// reloads a page whose dev-server socket dropped, which is exactly what freezing a page does.
const hmrOff = process.env.HEARTBEAT_HMR === 'off';

export default defineConfig({
  root: 'demo',
  plugins: [demoApiPlugin(), ...(hmrOff ? [noDevClientPlugin()] : [])],
  server: { port: 5173, hmr: !hmrOff, fs: { allow: ['..'] } },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['src/**/*.test.ts', 'worker/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
