/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The demo is served from demo/; unit tests run in Node from src/ and worker/.
export default defineConfig({
  root: 'demo',
  server: { port: 5173, strictPort: false },
  test: {
    root: '.',
    include: ['src/**/*.test.ts', 'worker/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
