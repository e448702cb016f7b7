import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchResult } from './bench-result.ts';
import { resultFileStem, writeResults } from './results-file.ts';

describe('resultFileStem', () => {
  it('turns an ISO time into a file-name-safe stamp without milliseconds', () => {
    expect(resultFileStem('2025-01-31T10:11:12.345Z')).toBe('2025-01-31T10-11-12Z');
  });
});

describe('writeResults', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const result = (quick: boolean) => ({ startedAt: '2025-01-31T10:11:12.345Z', quick, targets: [] }) as unknown as BenchResult;

  it('writes a timestamped file and latest.json with the same JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    const paths = await writeResults(dir, result(false));
    expect(paths).toEqual([join(dir, '2025-01-31T10-11-12Z.json'), join(dir, 'latest.json')]);
    const [stamped, latest] = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
    expect(JSON.parse(stamped!)).toEqual({ startedAt: '2025-01-31T10:11:12.345Z', quick: false, targets: [] });
    expect(latest).toBe(stamped);
  });

  it('keeps quick runs in quick/', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-results-'));
    const paths = await writeResults(dir, result(true));
    expect(paths[1]).toBe(join(dir, 'quick', 'latest.json'));
  });
});
