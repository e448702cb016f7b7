/**
 * The one place the default worker is spawned. `new URL(…, import.meta.url)` inside `new Worker(…)` is the form
 * Vite and webpack 5 recognise, so an app's bundler emits the worker as a real file (no `blob:` URL, which a strict
 * Content-Security-Policy blocks, and no `data:` URL, whose opaque origin has no IndexedDB).
 */
export function spawnDefaultWorker(): Worker {
  return new Worker(new URL('../worker/default-worker.ts', import.meta.url), { type: 'module', name: 'heartbeat' });
}
