/**
 * The naive alternative: a worker that, once told an interval, posts on its own `setInterval` the epoch time it
 * fired at. It says "ready" first so the page can start its clock only once the worker is listening.
 */
import { epochNow } from './epoch-now.ts';

onmessage = (event: MessageEvent<number>) => {
  setInterval(() => postMessage(epochNow()), event.data);
};
postMessage('ready');
