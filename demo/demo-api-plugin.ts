/**
 * The demo's "real endpoint": a small API served by the dev (and preview) server, so polling jobs fetch something
 * that actually changes. `/api/server-time` answers with the server clock and a request counter; `/api/news`
 * changes every `?everyMs` (default 2000) and honours `If-None-Match`, for the worker's conditional polling;
 * `/api/inbox?since=<id>` delivers one new message every `?everyMs` (default 1500) and answers with those after
 * `since`, for the demo worker's own task; `/api/stats` says how many requests each endpoint has seen (e2e tests
 * read it to prove the rate), and `/api/stats?client=x` counts only the requests tagged `?client=x`, so a test
 * counts its own page's requests and nothing another test or tab sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** One message of `/api/inbox`. Ids count up from 1, one per `everyMs` since the server started. */
export interface InboxMessage {
  id: number;
  subject: string;
  /** When it "arrived", epoch ms of the server's clock. */
  sentAt: number;
}

/** What `/api/inbox` answers. */
export interface InboxReply {
  /** Messages with an id above `since`, oldest first, at most {@link inboxPageSize}. */
  messages: InboxMessage[];
  /** The newest id there is, so a client that missed more than a page knows. */
  latestId: number;
}

/** Most messages one `/api/inbox` reply carries. */
export const inboxPageSize = 20;

export function demoApiPlugin(): Plugin {
  const hits = new Map<string, number>();
  /** Requests by `?client=` tag, then by path. */
  const clientHits = new Map<string, Map<string, number>>();
  const startedAt = Date.now();

  const count = (counts: Map<string, number>, path: string) => counts.set(path, (counts.get(path) ?? 0) + 1);

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(status === 304 ? undefined : JSON.stringify(body));
  };

  const routes: Record<string, Handler> = {
    '/api/server-time': (_req, res) => {
      sendJson(res, 200, { now: Date.now(), requests: hits.get('/api/server-time') ?? 0 });
    },
    '/api/news': (req, res, url) => {
      const everyMs = Math.max(100, Number(url.searchParams.get('everyMs')) || 2000);
      const edition = Math.floor((Date.now() - startedAt) / everyMs);
      const etag = `"edition-${edition}"`;
      if (req.headers['if-none-match'] === etag) return sendJson(res, 304, null, { etag });
      sendJson(res, 200, { edition, headline: `Edition ${edition} of the demo news` }, { etag });
    },
    '/api/inbox': (_req, res, url) => {
      const everyMs = Math.max(100, Number(url.searchParams.get('everyMs')) || 1500);
      const latestId = Math.floor((Date.now() - startedAt) / everyMs);
      const since = Math.max(0, Math.floor(Number(url.searchParams.get('since')) || 0));
      const messages: InboxMessage[] = [];
      for (let id = since + 1; id <= latestId && messages.length < inboxPageSize; id++) {
        messages.push({ id, subject: `Message ${id} to the demo inbox`, sentAt: startedAt + id * everyMs });
      }
      const reply: InboxReply = { messages, latestId };
      sendJson(res, 200, reply);
    },
    '/api/stats': (_req, res, url) => {
      const client = url.searchParams.get('client');
      sendJson(res, 200, Object.fromEntries(client === null ? hits : (clientHits.get(client) ?? [])));
    },
  };

  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return next();
    count(hits, url.pathname);
    const client = url.searchParams.get('client');
    // A stats query is not one of the client's requests: counting it would change what it reads.
    if (client !== null && url.pathname !== '/api/stats') {
      if (!clientHits.has(client)) clientHits.set(client, new Map());
      count(clientHits.get(client)!, url.pathname);
    }
    route(req, res, url);
  };

  return {
    name: 'heartbeat-demo-api',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
