/**
 * The one place the default worker is spawned. `new URL(…, import.meta.url)` inside `new Worker(…)` is the form
 * Vite and webpack 5 recognise, so an app's bundler emits the worker as a real file (no `blob:` URL, which a strict
 * Content-Security-Policy blocks, and no `data:` URL, whose opaque origin has no IndexedDB).
 *
 * The path below is the source's, for the dev server and the repo's own tests. The package build
 * (vite.lib.config.ts, `packagedWorkerUrl`) swaps exactly this `new URL(…)` for
 * `new URL("./heartbeat-worker.js", import.meta.url)`, the worker file it ships next to dist/index.js, and keeps
 * Vite's own worker handling away from it so the expression reaches the app's bundler as written.
 */
export function spawnDefaultWorker(): Worker {
  return new Worker(new URL('../worker/default-worker.ts', import.meta.url), { type: 'module', name: 'heartbeat' });
}
