/**
 * The demo's own worker entry, written the way an app writes one: the library's runtime, its built-in tasks, and
 * one task of the app's own. `main.ts` starts it with `new Worker(new URL('./demo-worker.ts', import.meta.url))`,
 * so Vite sees and serves it like any module of the app.
 *
 * `checkInbox` fetches the messages that arrived since the last one it saw (`/api/inbox?since=<id>`), keeps its
 * place and an unread count in the item's metadata (so both survive a reload with persistence on), and reports
 * only when something new came in.
 */
// The package's `heartbeat-worker/worker` entry, by path: what an app's worker entry imports.
import { type TaskContext, type WorkerTask, builtInTasks, exposeHeartBeat, unchanged } from '../worker/index.ts';
import type { InboxMessage, InboxReply } from './demo-api-plugin.ts';

/** The `input` of a `checkInbox` item: the inbox path, which may carry query parameters of its own. */
export interface InboxInput {
  /** A path on this origin, such as `/api/inbox?everyMs=1000`. */
  url: string;
}

/** What `checkInbox` keeps in `metadata.inbox` between runs. */
export interface InboxState {
  /** Id of the newest message seen; the next request asks for what came after it. */
  lastId: number;
  /** Messages seen and not yet read (the demo never reads them: it only counts). */
  unread: number;
  /** Requests answered with a 2xx, over every session (a failed run keeps no metadata changes). */
  requests: number;
}

/** What a `checkInbox` run returns when new messages came in: the item's `lastResult`. */
export interface InboxResult {
  newMessages: InboxMessage[];
  unread: number;
  /** Messages the server has beyond this page; they come on the next run. */
  behind: number;
}

function inboxInput(input: unknown): InboxInput {
  const url = (input as Partial<InboxInput> | null)?.url;
  if (typeof url !== 'string' || !url.startsWith('/')) {
    throw new Error(`Expected \`input.url\` of checkInbox to be a path starting with '/', got ${JSON.stringify(url)}`);
  }
  return { url };
}

function inboxState(context: TaskContext): InboxState {
  const saved = context.metadata.inbox as Partial<InboxState> | undefined;
  return { lastId: saved?.lastId ?? 0, unread: saved?.unread ?? 0, requests: saved?.requests ?? 0 };
}

const checkInbox: WorkerTask = async (context): Promise<InboxResult | typeof unchanged> => {
  const { url: path } = inboxInput(context.input);
  const state = inboxState(context);
  const url = new URL(path, location.href);
  url.searchParams.set('since', String(state.lastId));
  // The run's signal: a timeout, `remove`, `stop` or `close` cancels the request itself, not only its result.
  const response = await fetch(url, { signal: context.signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
  const reply = (await response.json()) as InboxReply;
  const newMessages = reply.messages;
  const lastId = newMessages.at(-1)?.id ?? state.lastId;
  const unread = state.unread + newMessages.length;
  context.metadata.inbox = { lastId, unread, requests: state.requests + 1 } satisfies InboxState;
  if (newMessages.length === 0) return unchanged;
  return { newMessages, unread, behind: reply.latestId - lastId };
};

exposeHeartBeat({ tasks: { ...builtInTasks, checkInbox } });
