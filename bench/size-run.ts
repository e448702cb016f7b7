/**
 * The size section: runs the library build, then measures the main-thread entry and the worker file two ways.
 * "As built" is the file the build emitted, gzipped. "Shipped" is what an app's production build serves for it:
 * the file bundled by Vite with everything it imports (Comlink included), minified, gzipped; a worker it spawns
 * with `new Worker(new URL(…))` becomes its own chunk there and is not counted in the entry. Targets use "shipped".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { isBareSpecifier, staticImports } from './static-imports.ts';

/** The two files the size budget is about, relative to the repository root. */
export const budgetFiles = [
  { label: 'main-thread entry', path: 'dist/index.js', budgetBytes: 5_000 },
  { label: 'worker', path: 'dist/heartbeat-worker.js', budgetBytes: 8_000 },
] as const;

export interface FileSize {
  label: string;
  path: string;
  /** The target, gzipped bytes of "shipped" (kB = 1,000 bytes). */
  budgetBytes: number;
  present: boolean;
  asBuilt?: { bytes: number; gzipBytes: number; imports: string[]; bareImports: string[] };
  shipped?: { bytes: number; gzipBytes: number };
  /** Why "shipped" could not be measured, when it could not. */
  shippedError?: string;
}

export interface SizeResult {
  build: { command: string; ok: boolean; exitCode: number | null; durationMs: number; outputTail: string };
  files: FileSize[];
}

/** Gzipped size at the highest level, as servers that precompress use. */
export function gzipBytes(content: string | Uint8Array): number {
  return gzipSync(content, { level: 9 }).byteLength;
}

/** Runs `npm run build` in `repoRoot` and measures the budget files, whether or not the build succeeded. */
export async function runSize(repoRoot: string): Promise<SizeResult> {
  const buildResult = await runBuild(repoRoot);
  const files: FileSize[] = [];
  for (const file of budgetFiles) files.push(await measureFile(repoRoot, file));
  return { build: buildResult, files };
}

async function runBuild(repoRoot: string): Promise<SizeResult['build']> {
  const command = 'npm run build';
  const startedAt = Date.now();
  let output = '';
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  const tail = output.trim().split('\n').slice(-12).join('\n');
  return { command, ok: exitCode === 0, exitCode, durationMs: Date.now() - startedAt, outputTail: tail };
}

async function measureFile(repoRoot: string, file: (typeof budgetFiles)[number]): Promise<FileSize> {
  const absolute = join(repoRoot, file.path);
  const result: FileSize = { label: file.label, path: file.path, budgetBytes: file.budgetBytes, present: existsSync(absolute) };
  if (!result.present) return result;
  const code = await readFile(absolute, 'utf8');
  const imports = staticImports(code);
  result.asBuilt = {
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipBytes(code),
    imports,
    bareImports: imports.filter(isBareSpecifier),
  };
  try {
    result.shipped = await shippedSize(repoRoot, absolute);
  } catch (error) {
    result.shippedError = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return result;
}

/** Bundles `entry` as an app's production build would (Vite, minified, nothing external); the entry chunk's size. */
async function shippedSize(repoRoot: string, entry: string): Promise<{ bytes: number; gzipBytes: number }> {
  const output = await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      rollupOptions: { input: { entry: relative(repoRoot, entry) }, preserveEntrySignatures: 'strict' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]).flatMap((bundle) => ('output' in bundle ? bundle.output : []));
  const entryChunk = outputs.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
  if (!entryChunk || entryChunk.type !== 'chunk') throw new Error(`Vite produced no entry chunk for ${entry}`);
  // Chunks the entry imports statically load with it; lazily imported ones and the worker do not.
  const loaded = new Set<string>([entryChunk.fileName]);
  const queue = [...entryChunk.imports];
  let code = entryChunk.code;
  while (queue.length) {
    const name = queue.shift()!;
    if (loaded.has(name)) continue;
    loaded.add(name);
    const chunk = outputs.find((candidate) => candidate.fileName === name);
    if (chunk?.type === 'chunk') {
      code += chunk.code;
      queue.push(...chunk.imports);
    }
  }
  return { bytes: Buffer.byteLength(code), gzipBytes: gzipBytes(code) };
}
