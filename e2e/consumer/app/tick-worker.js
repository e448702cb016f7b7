// @ts-check
/**
 * The app's own worker entry, as the README tells apps to write one: the library's runtime and built-in tasks,
 * plus a task of the app's. `square` reports `unchanged` on ticks divisible by 4, which records the run in the
 * worker without sending anything to the page.
 */
import { builtInTasks, exposeHeartBeat, unchanged } from 'heartbeat-worker/worker';

/** @type {import('heartbeat-worker/worker').WorkerTask} */
function square({ tick }) {
  if (tick % 4 === 0) return unchanged;
  return { tick, square: tick * tick, inWorker: typeof document === 'undefined' };
}

exposeHeartBeat({ tasks: { ...builtInTasks, square } });
