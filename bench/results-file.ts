/**
 * Writes a run's result as JSON under bench/results/: a timestamped file and `latest.json`. Quick runs go to
 * bench/results/quick/ instead (kept out of git), so development never overwrites the committed full run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult } from './bench-result.ts';

/** `2025-01-31T10-11-12Z`: the run's start, safe in a file name. */
export function resultFileStem(startedAt: string): string {
  return startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

/** Writes both files; resolves with their paths. */
export async function writeResults(resultsDir: string, result: BenchResult): Promise<string[]> {
  const dir = result.quick ? join(resultsDir, 'quick') : resultsDir;
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const paths = [join(dir, `${resultFileStem(result.startedAt)}.json`), join(dir, 'latest.json')];
  for (const path of paths) await writeFile(path, json);
  return paths;
}
