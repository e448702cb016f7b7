/**
 * Starts a headless Chromium that Playwright did not launch, so Playwright's focus emulation is off and hidden
 * tabs really are hidden. Owns the process and its throwaway profile: {@link ChromiumProcess.stop} removes both.
 * Node only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVTOOLS_ACTIVE_PORT_FILE, parseDevToolsActivePort } from './devtools-active-port.ts';

const START_TIMEOUT_MS = 30_000;
const PORT_POLL_MS = 50;
const EXIT_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

/** How to start Chromium. */
export interface ChromiumProcessOptions {
  executablePath: string;
  /** Flags added after the ones this module always sets (`--remote-debugging-port=0`, the profile, headless). */
  args: readonly string[];
  /** Adds `--headless`. */
  headless: boolean;
}

/** A running Chromium with its DevTools endpoint. */
export interface ChromiumProcess {
  /** `http://127.0.0.1:<port>`, for `chromium.connectOverCDP`. */
  readonly endpointURL: string;
  /** The fresh `--user-data-dir`, deleted by {@link stop}. */
  readonly profileDir: string;
  /** The last few thousand characters Chromium wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Ends the process (SIGTERM, then SIGKILL after 5 s) and its helpers, then deletes the profile. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Spawns Chromium on `about:blank` with a fresh profile and resolves once its DevTools port is known. Rejects
 * with Chromium's stderr tail if it exits or stays silent for 30 s; the process and profile are gone by then.
 */
export async function startChromium(options: ChromiumProcessOptions): Promise<ChromiumProcess> {
  const profileDir = await mkdtemp(join(tmpdir(), 'heartbeat-chromium-'));
  const args = [
    ...(options.headless ? ['--headless'] : []),
    '--remote-debugging-port=0',
    `--user-data-dir=${profileDir}`,
    ...options.args,
    'about:blank',
  ];
  // Its own process group on POSIX, so stop() can also reach renderers left behind by a crashed browser.
  const ownGroup = process.platform !== 'win32';
  let child: ChildProcess | undefined;
  let stderr = '';
  let spawnError: Error | undefined;
  const killOnExit = () => signal('SIGKILL');

  function signal(name: NodeJS.Signals, wholeGroup = ownGroup): void {
    if (child?.pid === undefined) return;
    try {
      if (wholeGroup) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone (ESRCH): nothing left to end.
    }
  }

  // No pid means the spawn itself failed (ENOENT, EACCES): there is nothing to wait for or end.
  const running = () => child?.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const exited = () =>
    new Promise<void>((resolve) => {
      if (!running()) resolve();
      else child!.once('exit', () => resolve());
    });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (running()) {
        // Only the browser process gets SIGTERM: it then shuts its helpers down in order.
        signal('SIGTERM', false);
        if (!(await settlesWithin(exited(), EXIT_GRACE_MS))) signal('SIGKILL');
        await settlesWithin(exited(), EXIT_GRACE_MS);
      }
      signal('SIGKILL');
      process.off('exit', killOnExit);
      // Chromium's helpers may still be flushing into the profile for a moment after the browser exits.
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })());

  try {
    child = spawn(options.executablePath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: ownGroup });
    // A test runner that dies without calling stop() must not leave a browser behind.
    process.on('exit', killOnExit);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.once('error', (error) => {
      spawnError = error;
    });
    const port = await waitForPort(profileDir, {
      failure: () => {
        if (spawnError) return `could not be started (${spawnError.message})`;
        // A failed spawn has no pid and reports why on the 'error' event a moment later.
        if (child?.pid === undefined) return undefined;
        if (!running()) return `exited with ${child?.exitCode ?? child?.signalCode} before opening its DevTools port`;
        return undefined;
      },
    });
    return {
      endpointURL: `http://127.0.0.1:${port}`,
      profileDir,
      stderrTail: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    const tail = stderr.trim() ? `\nChromium stderr (last lines):\n${stderr.trim()}` : '';
    throw new Error(`Chromium at "${options.executablePath}" ${reason}.${tail}`, { cause: error });
  }
}

/** Polls the profile for `DevToolsActivePort`; `failure()` names a reason to stop waiting early. */
async function waitForPort(profileDir: string, watch: { failure: () => string | undefined }): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const file = join(profileDir, DEVTOOLS_ACTIVE_PORT_FILE);
  for (;;) {
    const port = parseDevToolsActivePort(await readFile(file, 'utf8').catch(() => ''));
    if (port !== undefined) return port;
    const failure = watch.failure();
    if (failure !== undefined) throw new Error(failure);
    if (Date.now() >= deadline) {
      throw new Error(`did not write ${DEVTOOLS_ACTIVE_PORT_FILE} within ${START_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, PORT_POLL_MS));
  }
}

/** Whether `promise` settles within `ms`; never rejects. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
