/** The live demo: the seed's example on a worker heartbeat, a polling job, and controls for every operation. */
import { HeartBeat, HeartBeatError } from '../src/index.ts';
import { readDemoSettings } from './demo-settings.ts';
import { type RowAction, renderItems } from './items-table.ts';
import { registerSeedJobs } from './seed-jobs.ts';
import { createWorkerTaskPanel, registerWorkerTasks } from './worker-task-panel.ts';
import { mountTimingPanel } from './timing-panel.ts';

const settings = readDemoSettings(location.search);
const $ = <T extends HTMLElement = HTMLElement>(testId: string) =>
  document.querySelector<T>(`[data-testid="${testId}"]`)!;

const heartbeat = new HeartBeat({
  intervalDelta: settings.intervalMs,
  clock: settings.manualClock ? 'manual' : 'real',
  persist: settings.persist ? { name: settings.persistName, flushWindowMs: settings.flushWindowMs } : false,
  // The demo's own worker entry: the built-in tasks plus one of its own (the way an app adds worker tasks).
  worker: () => new Worker(new URL('./demo-worker.ts', import.meta.url), { type: 'module', name: 'heartbeat-demo' }),
});
const workerTasks = createWorkerTaskPanel($('worker-tasks'));

function log(line: string): void {
  const entry = document.createElement('li');
  entry.textContent = line;
  const list = $('log');
  list.prepend(entry);
  while (list.children.length > 30) list.lastElementChild!.remove();
}

/** Shows a failed action's error (with its code) where the person clicked. */
function reportTo(testId: string) {
  return (error: unknown) => {
    $(testId).textContent = error instanceof HeartBeatError ? `${error.code}: ${error.message}` : String(error);
  };
}

async function refresh(): Promise<void> {
  const [status, items] = await Promise.all([heartbeat.status(), heartbeat.list()]);
  $('running').textContent = status.running ? 'running' : 'stopped';
  $('tick').textContent = String(status.tick);
  $('interval').textContent = String(status.intervalMs);
  renderItems($('items'), items, act);
  workerTasks.render(items);
}

function act(action: RowAction, key: string): void {
  $('control-error').textContent = '';
  const done =
    action === 'pause' ? heartbeat.pause(key) : action === 'resume' ? heartbeat.resume(key) : heartbeat.remove(key);
  done.then(refresh, reportTo('control-error'));
}

const seedTicks: number[] = [];
heartbeat.on('beat', () => void refresh().catch(reportTo('control-error')));
heartbeat.on('error', ({ key, tick, error }) => log(`tick ${tick}: ${key} failed: ${error}`));
heartbeat.on('persistence-error', ({ reason }) => log(`persistence-error: ${reason}`));

// Saved state is in before the page registers anything: a heartbeat saved running is beating again already, and
// saved worker tasks are running with it. `?registerAfter=` makes that visible by holding the page's items back.
const restored = await heartbeat.status();
await refresh();
if (settings.registerAfterMs > 0) {
  workerTasks.setRegistration(`waiting ${settings.registerAfterMs} ms before registering`);
  await new Promise((resolve) => setTimeout(resolve, settings.registerAfterMs));
}

await registerSeedJobs(heartbeat, {
  log: (line) => log(line),
  seedRan: (tick) => {
    seedTicks.push(tick);
    $('seed-ticks').textContent = seedTicks.join(', ');
  },
});

await heartbeat.register(
  'server-time',
  async (context) => {
    const response = await fetch('/api/server-time', { signal: context.signal });
    if (!response.ok) throw new Error(`GET /api/server-time answered ${response.status}`);
    const body = (await response.json()) as { now: number; requests: number };
    context.metadata.lastServerTime = body.now;
    $('server-time').textContent = new Date(body.now).toISOString();
    $('server-requests').textContent = String(body.requests);
  },
  { modTick: 2, timeoutMs: 5000 },
);
await registerWorkerTasks(heartbeat, { client: settings.client });
workerTasks.setRegistration('registered');
await mountTimingPanel(heartbeat, $('timing-panel'), settings);

$('start').addEventListener('click', () => heartbeat.start().then(refresh, reportTo('control-error')));
$('stop').addEventListener('click', () => heartbeat.stop().then(refresh, reportTo('control-error')));
$('change-interval').addEventListener('click', () => {
  $('control-error').textContent = '';
  heartbeat.changeInterval(Number($<HTMLInputElement>('interval-input').value)).then(refresh, reportTo('control-error'));
});
$('advance').hidden = !settings.manualClock;
$('advance').addEventListener('click', () => heartbeat.advance(1).then(refresh, reportTo('control-error')));

$('add-form').addEventListener('submit', (event) => {
  event.preventDefault();
  $('add-error').textContent = '';
  const form = new FormData(event.target as HTMLFormElement);
  const key = String(form.get('key'));
  heartbeat
    .register(key, (context) => void (context.metadata.count = Number(context.metadata.count ?? 0) + 1), {
      modTick: Number(form.get('modTick')),
      maxRuns: Number(form.get('maxRuns')),
      startPaused: form.get('startPaused') === 'on',
    })
    .then(refresh, reportTo('add-error'));
});

document.addEventListener('visibilitychange', () => {
  $('visibility').textContent = document.visibilityState;
});
$<HTMLInputElement>('interval-input').value = String(settings.intervalMs);

// A first visit starts the heartbeat; a saved one continues as it was, running or stopped.
if (restored.tick === 0 && !restored.running) await heartbeat.start();
await refresh();
document.body.dataset.ready = 'true';
