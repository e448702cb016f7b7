import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type EnvironmentOptions, type Plugin, defineConfig } from 'vite';

// The package build (`npm run build`). Every file in dist/ is self-contained, Comlink and idb-keyval included, so
// each one works as it is (in a bundler or straight from a static server) and its gzipped size is its real cost:
//   index.js            main thread: HeartBeat, HeartBeatItem, HeartBeatError (never the engine or storage)
//   heartbeat-worker.js the default worker, started from index.js
//   worker.js           the runtime for custom worker entries (`heartbeat-worker/worker`)
//   testing.js          Node-only Playwright helpers (`heartbeat-worker/testing`)
// Each file is its own build (environment) because one multi-entry build would split shared code into chunks.

const DIST = fileURLToPath(new URL('./dist', import.meta.url));
const SPAWN_MODULE = fileURLToPath(new URL('./src/spawn-default-worker.ts', import.meta.url));

/** The default worker's expression in dist/index.js, in the literal form the app's Vite and webpack 5 look for. */
const PACKAGED_WORKER_URL = 'new URL("./heartbeat-worker.js", import.meta.url)';
/** What src/spawn-default-worker.ts says for the dev server and the repo's tests. */
const SOURCE_WORKER_URL = "new URL('../worker/default-worker.ts', import.meta.url)";
const PLACEHOLDER = '__HEARTBEAT_PACKAGED_WORKER_URL__';

/**
 * The one seam between the source and the package. Vite's own worker handling (`vite:worker-import-meta-url`)
 * would bundle the worker that `new Worker(new URL(…, import.meta.url))` names and rewrite the expression (to
 * `new URL("/heartbeat-worker.js", "" + import.meta.url)` here; older Vite inlined it as a data URL), and the
 * app's bundler then no longer recognises it and ships no worker file. So before that plugin runs, the source URL
 * becomes a bare identifier it cannot match, and once the chunk is minified the identifier becomes the packaged
 * URL, which names the worker file this config builds next to the entry. The app's bundler does the rest.
 */
function packagedWorkerUrl(): Plugin {
  return {
    name: 'heartbeat:packaged-worker-url',
    enforce: 'pre',
    transform(code, id) {
      if (id !== SPAWN_MODULE) return null;
      if (!code.includes(SOURCE_WORKER_URL)) {
        this.error(`Expected ${SPAWN_MODULE} to contain ${SOURCE_WORKER_URL}: update the seam in vite.lib.config.ts`);
      }
      return { code: code.replace(SOURCE_WORKER_URL, PLACEHOLDER), map: null };
    },
    // After minification, which would turn the string into a template literal that some bundlers do not match.
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replaceAll(PLACEHOLDER, PACKAGED_WORKER_URL);
      }
    },
  };
}

/** Code a strict Content-Security-Policy forbids, or that would load a worker the app's bundler cannot see. */
const FORBIDDEN_CODE: ReadonlyArray<[RegExp, string]> = [
  [/\beval\s*\(/, 'eval'],
  [/\bnew\s+Function\b|\bFunction\s*\(/, 'new Function'],
  [/createObjectURL/, 'URL.createObjectURL (blob: workers)'],
  [/["'`](?:blob|data):/, 'a blob: or data: URL'],
];
/** Modules the main-thread entry must not contain: the worker side's code only, never the client's. */
const WORKER_ONLY_MODULE = /\/src\/(?:engine|storage|tasks)\/|\/worker\/|\/node_modules\/idb-keyval\//;

/**
 * Fails the build when dist/ would break a consumer: forbidden code in any file, the engine or storage in the main
 * entry, or a main entry that does not start the packaged worker in the form bundlers recognise.
 */
function checkDist(environment: string): Plugin {
  return {
    name: 'heartbeat:check-dist',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [pattern, what] of FORBIDDEN_CODE) {
          const match = pattern.exec(chunk.code);
          if (match) this.error(`dist/${chunk.fileName} contains ${what}: ${JSON.stringify(chunk.code.slice(match.index, match.index + 60))}`);
        }
        const imports = [...chunk.imports, ...chunk.dynamicImports];
        if (environment !== 'testing' && imports.length > 0) {
          this.error(`dist/${chunk.fileName} must be self-contained, but it imports ${imports.join(', ')}`);
        }
        if (environment !== 'index') continue;
        const strays = chunk.moduleIds.filter((id) => WORKER_ONLY_MODULE.test(id));
        if (strays.length > 0) this.error(`dist/index.js must not include worker-side modules, got ${strays.join(', ')}`);
        if (!chunk.code.includes(`new Worker(${PACKAGED_WORKER_URL}`)) {
          this.error(`dist/index.js must contain \`new Worker(${PACKAGED_WORKER_URL}\` literally`);
        }
      }
    },
  };
}

/** One self-contained ES module dist/<name>.js built from `source`. */
function libraryFile(name: string, source: string, options: { node?: boolean } = {}): EnvironmentOptions {
  return {
    // 'client' for the Node helpers too: they import nothing but Node built-ins and playwright-core, both listed as
    // externals below, so they need none of a 'server' environment's Node resolution.
    consumer: 'client',
    build: {
      outDir: DIST,
      emptyOutDir: false,
      target: 'es2022',
      minify: options.node ? false : 'oxc',
      lib: { entry: { [name]: source }, formats: ['es'], fileName: (_format, entryName) => `${entryName}.js` },
      rolldownOptions: {
        // The testing helpers run in Node next to the app's own Playwright, which they must not bundle.
        external: options.node ? [/^node:/, 'playwright-core'] : [],
        // Vite keeps whitespace in ES libraries; the browser files ship as they are, so minify them fully. The
        // Node helpers stay readable: their size does not matter, their stack traces do.
        output: { minify: !options.node, codeSplitting: false },
      },
    },
  };
}

// Keyed by environment name (Vite allows no dashes there); the file name is the first argument.
const FILES = {
  index: libraryFile('index', 'src/index.ts'),
  defaultWorker: libraryFile('heartbeat-worker', 'worker/default-worker.ts'),
  worker: libraryFile('worker', 'worker/index.ts'),
  testing: libraryFile('testing', 'src/testing/index.ts', { node: true }),
};

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  environments: FILES,
  plugins: [
    packagedWorkerUrl(),
    // A check per file, which knows which file it checks from the environment's name.
    { name: 'heartbeat:check-dist-per-file', applyToEnvironment: (environment) => checkDist(environment.name) },
  ],
  builder: {
    // One file after another into a freshly emptied dist/, so nothing stale is ever packed.
    async buildApp(builder) {
      rmSync(DIST, { recursive: true, force: true });
      for (const name of Object.keys(FILES)) {
        const environment = builder.environments[name];
        if (environment) await builder.build(environment);
      }
    },
  },
});
