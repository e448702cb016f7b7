/**
 * `npm run bench [-- --quick] [-- --port N] [-- --only timing,persistence,size]`: runs the benchmark sections,
 * prints the report and writes the raw figures to bench/results/. Not part of `npm test`: it lets minutes of real
 * time pass. Exits 1 if a section could not run; missed targets are reported, not turned into a failure.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { launchBackgroundTabBrowser } from '../src/testing/hidden-tab.ts';
import { parseBenchArgs } from './bench-options.ts';
import type { BenchResult } from './bench-result.ts';
import { benchViteConfig } from './bench-vite-config.ts';
import type { BenchPageApi } from './page-api.ts';
import { summarizePersistence } from './persistence-summary.ts';
import { formatReport } from './report.ts';
import { writeResults } from './results-file.ts';
import { budgetFiles, runSize } from './size-run.ts';
import { sizeTargets, timingTargets } from './targets.ts';
import { analyzeTiming } from './timing-analysis.ts';
import { runTiming } from './timing-run.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
const LOAD_SAMPLE_MS = 5_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const loadAverageAtStart = loadavg()[0]!;
  let loadAverageMax = loadAverageAtStart;
  const sampler = setInterval(() => {
    loadAverageMax = Math.max(loadAverageMax, loadavg()[0]!);
  }, LOAD_SAMPLE_MS);

  const result: BenchResult = {
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    quick: options.quick,
    sections: options.sections,
    machine: { cpus: cpus().length, loadAverageAtStart, loadAverageAtEnd: 0, loadAverageMax: 0, node: process.version, chromium: '' },
    plan: { timing: options.timing, persistence: options.persistence },
    targets: [],
  };

  try {
    // Size first: the build is CPU-heavy and must be over before anything is timed.
    if (options.sections.includes('size')) {
      log('size: npm run build');
      result.size = await runSize(repoRoot);
    }
    if (options.sections.includes('timing') || options.sections.includes('persistence')) {
      await runInBrowser(options, result);
    }
  } finally {
    clearInterval(sampler);
  }

  const spellLabels = options.timing.spells.map((s) => s.label);
  result.targets = [
    ...(options.sections.includes('timing') ? timingTargets(result.timing?.sources, spellLabels) : []),
    ...(options.sections.includes('size') ? sizeTargets(result.size?.files, budgetFiles) : []),
  ];
  result.machine.loadAverageAtEnd = loadavg()[0]!;
  result.machine.loadAverageMax = Math.max(loadAverageMax, result.machine.loadAverageAtEnd);
  result.durationMs = Date.now() - started;

  process.stdout.write(formatReport(result));
  const paths = await writeResults(resultsDir, result);
  log(`raw figures written to ${paths.map((p) => p.slice(repoRoot.length)).join(' and ')}; took ${(result.durationMs / 1000).toFixed(0)} s`);
}

async function runInBrowser(options: ReturnType<typeof parseBenchArgs>, result: BenchResult): Promise<void> {
  const server = await createServer(benchViteConfig(options.port));
  await server.listen();
  const tabs = await launchBackgroundTabBrowser();
  try {
    result.machine.chromium = `Chromium ${tabs.browser.version()} (headless)`;
    const page = await tabs.open(`http://127.0.0.1:${options.port}/index.html`);
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    if (options.sections.includes('timing')) {
      const records = await runTiming(tabs, page, options.timing, log);
      const analysis = analyzeTiming(records, options.timing.spells.map((s) => s.label));
      result.timing = { concurrent: true, ...analysis };
    }
    if (options.sections.includes('persistence')) {
      log(`persistence: ${options.persistence.itemCount.toLocaleString('en-US')} items in IndexedDB`);
      const records = await page.evaluate(
        (plan) => (window as unknown as { bench: BenchPageApi }).bench.runPersistence(plan),
        options.persistence,
      );
      result.persistence = { summary: summarizePersistence(records), records };
    }
  } finally {
    await tabs.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
