/**
 * Global setup of the consumer check: builds and packs the library, installs the tarball into a fresh fixture
 * folder the way an app would (`npm install <tarball>`), type-checks the app's code against the installed types,
 * bundles the same app with Vite and with webpack 5, and serves each build under a strict Content-Security-Policy.
 * The fixture folder has its own package.json, so `heartbeat-worker` resolves to the installed tarball there and
 * never to this repo's sources; the bundlers themselves come from the repo's node_modules, one folder up.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';
import {
  APP_SOURCE_DIR,
  CONSUMER_APP_DIR,
  CONSUMER_DIR,
  type ConsumerApp,
  NEWS_BODY,
  PACK_REPORT_FILE,
  REPO_ROOT,
  STRICT_CSP,
  consumerApps,
} from './consumer-apps.ts';
import { type CspServer, startCspServer } from './serve-with-csp.ts';

const COMMAND_OUTPUT_TAIL = 4_000;

/** Runs a command, resolving with its stdout; rejects with the command line and the tail of its output. */
function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(stdout);
      reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${code}:\n${output.slice(-COMMAND_OUTPUT_TAIL)}`));
    });
  });
}

/** Builds the library and packs it; returns the tarball's path. */
async function packLibrary(): Promise<string> {
  await run('npm', ['run', 'build'], REPO_ROOT);
  // --ignore-scripts: prepack would build a second time.
  const report = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', CONSUMER_DIR], REPO_ROOT);
  writeFileSync(PACK_REPORT_FILE, report);
  const [packed] = JSON.parse(report) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack reported no tarball: ${report}`);
  return join(CONSUMER_DIR, packed.filename);
}

/** A fresh fixture folder holding the app's source, with the tarball installed next to it. */
async function installFixture(tarball: string): Promise<void> {
  cpSync(APP_SOURCE_DIR, CONSUMER_APP_DIR, { recursive: true });
  writeFileSync(
    join(CONSUMER_DIR, 'package.json'),
    `${JSON.stringify({ name: 'heartbeat-consumer-app', private: true, type: 'module' }, null, 2)}\n`,
  );
  // The registry (or npm's cache) supplies the package's own dependencies, as it would for any app.
  await run(
    'npm',
    ['install', tarball, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'],
    CONSUMER_DIR,
  );
}

/**
 * The app's JavaScript is `// @ts-check`ed against the installed package's types, with library checking on: what
 * an app's editor and `tsc` show a user of the published `.d.ts` files.
 */
async function typeCheckApp(): Promise<void> {
  const tsconfig = {
    compilerOptions: {
      noEmit: true,
      allowJs: true,
      checkJs: true,
      strict: true,
      skipLibCheck: false,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: [],
    },
    include: ['app'],
  };
  writeFileSync(join(CONSUMER_DIR, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  await run(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], CONSUMER_DIR);
}

/** Vite with no config of its own: what `vite build` does for an app that just installed the package. */
async function buildWithVite(app: ConsumerApp): Promise<void> {
  await viteBuild({
    root: CONSUMER_APP_DIR,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: app.outDir, emptyOutDir: true },
  });
}

/** webpack 5's production defaults, through its Node API, with html-webpack-plugin writing the page. */
async function buildWithWebpack(app: ConsumerApp): Promise<void> {
  const html = readFileSync(join(CONSUMER_APP_DIR, 'index.html'), 'utf8');
  const viteEntryTag = '<script type="module" src="./main.js"></script>';
  if (!html.includes(viteEntryTag)) throw new Error(`Expected app/index.html to load its entry with ${viteEntryTag}`);
  const compiler = webpack({
    mode: 'production',
    context: CONSUMER_APP_DIR,
    entry: './main.js',
    output: { path: app.outDir, clean: true },
    // The plugin injects webpack's own script tag; the template's tag is the Vite entry.
    plugins: [new HtmlWebpackPlugin({ templateContent: html.replace(viteEntryTag, '') })],
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    compiler.run((error, result) => (error || !result ? reject(error ?? new Error('webpack gave no stats')) : resolve(result)));
  });
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(`webpack failed:\n${stats.toString({ all: false, errors: true })}`);
}

/**
 * Playwright's global setup (it loads the default export, hence the one default export here): everything above,
 * then the servers; the function it returns is the teardown that stops them.
 */
export default async function prepareConsumerApps(): Promise<() => Promise<void>> {
  rmSync(CONSUMER_DIR, { recursive: true, force: true });
  mkdirSync(CONSUMER_DIR, { recursive: true });
  const tarball = await packLibrary();
  await installFixture(tarball);
  await typeCheckApp();
  for (const app of consumerApps) await (app.bundler === 'vite' ? buildWithVite(app) : buildWithWebpack(app));
  const servers: CspServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    for (const app of consumerApps) {
      servers.push(await startCspServer({ root: app.outDir, port: app.port, policy: STRICT_CSP, json: { '/api/news': NEWS_BODY } }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
