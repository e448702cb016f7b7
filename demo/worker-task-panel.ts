/**
 * The demo's worker tasks and their panel: a built-in `poll` of `/api/news` and the demo worker's own
 * `checkInbox`, both running inside the worker, shown with their runs, request count and last result next to the
 * main-thread polling job. The panel renders from `list()` snapshots, so it also shows task items that resumed from
 * storage before the page registered anything.
 */
import type { HeartBeat, ItemSnapshot } from '../src/index.ts';
import { type PollState, pollStateKey } from '../src/tasks/poll-state.ts';
import type { PollInput, PollResult } from '../src/tasks/poll-task.ts';
import type { InboxInput, InboxResult, InboxState } from './demo-worker.ts';

/** Keys of the demo's worker-task items. */
export const newsKey = 'news';
export const inboxKey = 'inbox';

export interface WorkerTaskSettings {
  /** Tag for `/api/stats?client=`; null sends untagged requests. */
  client: string | null;
}

function withClient(path: string, client: string | null): string {
  if (client === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}client=${encodeURIComponent(client)}`;
}

/**
 * Registers both task items, every beat, with a 5 s timeout. After a reload with persistence on, this continues the
 * items that already resumed by themselves (their runs and metadata are kept; the input given here applies).
 */
export async function registerWorkerTasks(heartbeat: HeartBeat, settings: WorkerTaskSettings): Promise<void> {
  const news: PollInput = { url: withClient('/api/news?everyMs=2000', settings.client) };
  await heartbeat.registerTask(newsKey, 'poll', { input: news, timeoutMs: 5000 });
  const inbox: InboxInput = { url: withClient('/api/inbox?everyMs=1500', settings.client) };
  await heartbeat.registerTask(inboxKey, 'checkInbox', { input: inbox, timeoutMs: 5000 });
}

/** Updates the panel's figures from the latest snapshots. */
export interface WorkerTaskPanel {
  render(items: ItemSnapshot[]): void;
  /** What the page has registered so far, e.g. `waiting 3000 ms` or `registered`. */
  setRegistration(text: string): void;
}

function field(parent: HTMLElement, label: string, testId: string): HTMLElement {
  const line = document.createElement('p');
  const value = document.createElement('strong');
  value.dataset.testid = testId;
  value.textContent = '–';
  line.append(`${label}: `, value);
  parent.append(line);
  return value;
}

function heading(parent: HTMLElement, level: 'h2' | 'h3', text: string): void {
  const element = document.createElement(level);
  element.textContent = text;
  parent.append(element);
}

function describeNews(result: unknown): string {
  const body = (result as PollResult | undefined)?.body as { headline?: unknown } | undefined;
  return typeof body?.headline === 'string' ? body.headline : '–';
}

function describeInbox(result: unknown): string {
  const latest = (result as InboxResult | undefined)?.newMessages.at(-1);
  return latest ? latest.subject : '–';
}

/** Builds the panel inside `container` (replacing what it held). */
export function createWorkerTaskPanel(container: HTMLElement): WorkerTaskPanel {
  container.replaceChildren();
  heading(container, 'h2', 'Polling in the worker');
  const about = document.createElement('p');
  about.textContent =
    'Worker tasks of the demo’s own worker entry (demo-worker.ts): they run inside the worker, so a hidden tab or a ' +
    'busy main thread does not slow them, and with persistence on they resume after a reload by themselves.';
  container.append(about);
  const registration = field(container, 'Page items', 'page-registration');

  heading(container, 'h3', 'news: built-in poll of /api/news');
  const news = {
    state: field(container, 'State', 'news-state'),
    runs: field(container, 'Runs', 'news-runs'),
    requests: field(container, 'Requests', 'news-requests'),
    errors: field(container, 'Errors', 'news-errors'),
    result: field(container, 'Last result', 'news-result'),
  };
  heading(container, 'h3', 'inbox: the demo worker’s checkInbox');
  const inbox = {
    state: field(container, 'State', 'inbox-state'),
    runs: field(container, 'Runs', 'inbox-runs'),
    requests: field(container, 'Requests', 'inbox-requests'),
    unread: field(container, 'Unread', 'inbox-unread'),
    errors: field(container, 'Errors', 'inbox-errors'),
    result: field(container, 'Last result', 'inbox-result'),
  };

  const stateOf = (item: ItemSnapshot) =>
    item.dormant ? 'dormant' : item.paused ? 'paused' : item.done ? 'done' : 'active';
  const errorsOf = (item: ItemSnapshot) => (item.errorCount ? `${item.errorCount}, last: ${item.lastError}` : '0');

  return {
    render(items) {
      const newsItem = items.find((item) => item.key === newsKey);
      const inboxItem = items.find((item) => item.key === inboxKey);
      if (newsItem) {
        const poll = newsItem.metadata[pollStateKey] as PollState | undefined;
        news.state.textContent = stateOf(newsItem);
        news.runs.textContent = String(newsItem.timesRan);
        news.requests.textContent = String(poll?.requests ?? 0);
        news.errors.textContent = errorsOf(newsItem);
        news.result.textContent = describeNews(newsItem.lastResult);
      }
      if (inboxItem) {
        const state = inboxItem.metadata.inbox as InboxState | undefined;
        inbox.state.textContent = stateOf(inboxItem);
        inbox.runs.textContent = String(inboxItem.timesRan);
        inbox.requests.textContent = String(state?.requests ?? 0);
        inbox.unread.textContent = String(state?.unread ?? 0);
        inbox.errors.textContent = errorsOf(inboxItem);
        inbox.result.textContent = describeInbox(inboxItem.lastResult);
      }
    },
    setRegistration(text) {
      registration.textContent = text;
    },
  };
}
