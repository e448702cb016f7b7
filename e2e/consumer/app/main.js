// @ts-check
/**
 * A small app that uses heartbeat-worker the way an app installed from npm does: the library's default worker
 * (found by the app's bundler next to the library's entry) with a main-thread job, the built-in poll task and
 * persistence; and a second heartbeat on a worker entry of the app's own. `?clock=manual` makes both beat only
 * when a test calls `advance()`, through `window.consumerApp`.
 */
import { HeartBeat } from 'heartbeat-worker';

const clock = new URLSearchParams(location.search).get('clock') === 'manual' ? 'manual' : 'real';

/** @param {string} testId */
function show(testId) {
  const element = document.querySelector(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`No element with data-testid ${testId}`);
  return element;
}

/** @param {string} line */
function reportError(line) {
  show('errors').textContent += `${line}\n`;
}

const heartbeat = new HeartBeat({ intervalDelta: 100, clock, persist: { name: 'consumer-app' } });
const custom = new HeartBeat({
  intervalDelta: 100,
  clock,
  worker: () => new Worker(new URL('./tick-worker.js', import.meta.url), { type: 'module' }),
});

async function main() {
  let beats = 0;
  for (const hb of [heartbeat, custom]) {
    hb.on('error', ({ key, error }) => reportError(`${key}: ${error}`));
    hb.on('persistence-error', ({ reason }) => reportError(`persistence: ${reason}`));
  }
  heartbeat.on('run', ({ key, ok, value }) => {
    if (key === 'news' && ok) show('poll-result').textContent = JSON.stringify(/** @type {{ body: unknown }} */ (value).body);
  });
  let reports = 0;
  custom.on('run', ({ key, ok, value }) => {
    if (key !== 'square' || !ok) return;
    reports += 1;
    show('task-reports').textContent = String(reports);
    show('task-result').textContent = JSON.stringify(value);
  });
  await heartbeat.register('count', () => {
    beats += 1;
    show('beats').textContent = String(beats);
  });
  await heartbeat.registerTask('news', 'poll', { input: { url: '/api/news' } });
  await custom.registerTask('square', 'square', { modTick: 2 });
  await Promise.all([heartbeat.start(), custom.start()]);
  Object.assign(window, { consumerApp: { heartbeat, custom } });
  document.body.dataset.ready = 'true';
}

main().catch((error) => reportError(`startup: ${error}`));
