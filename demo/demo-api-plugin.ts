/**
 * The demo's "real endpoint": a small API served by the dev (and preview) server, so polling jobs fetch something
 * that actually changes. `/api/server-time` answers with the server clock and a request counter; `/api/news`
 * changes every `?everyMs` (default 2000) and honours `If-None-Match`, for the worker's conditional polling;
 * `/api/stats` says how many requests each endpoint has seen (e2e tests read it to prove the rate).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export function demoApiPlugin(): Plugin {
  const hits = new Map<string, number>();
  const startedAt = Date.now();

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
    '/api/stats': (_req, res) => {
      sendJson(res, 200, Object.fromEntries(hits));
    },
  };

  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return next();
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    route(req, res, url);
  };

  return {
    name: 'heartbeat-demo-api',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
