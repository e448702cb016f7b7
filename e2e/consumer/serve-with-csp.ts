/**
 * A static file server for built apps that sends a Content-Security-Policy on every response, plus a few JSON
 * routes. The policy applies to the page and, since a worker takes its policy from its own script's response, to
 * every worker the page starts.
 */
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface CspServerOptions {
  /** The folder to serve; `/` is its index.html. */
  root: string;
  port: number;
  /** Sent as `Content-Security-Policy` on every response, errors included. */
  policy: string;
  /** JSON answers by path, served before files (with an ETag, so a poll can come back conditional). */
  json?: Readonly<Record<string, unknown>>;
}

export interface CspServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on `localhost:port`; rejects if the port is taken. */
export async function startCspServer(options: CspServerOptions): Promise<CspServer> {
  const root = normalize(options.root);
  const server: Server = createServer(async (request, response) => {
    response.setHeader('Content-Security-Policy', options.policy);
    response.setHeader('Cache-Control', 'no-store');
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const json = options.json?.[path];
    if (json !== undefined) {
      const body = JSON.stringify(json);
      const etag = `"${body.length}"`;
      response.setHeader('ETag', etag);
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
      return void response.writeHead(200, { 'Content-Type': CONTENT_TYPES['.json'] }).end(body);
    }
    // Browsers ask for an icon the fixture apps do not have; a 404 would be logged as a console error.
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    try {
      const content = await readFile(file);
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${path}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, 'localhost', () => resolve());
  });
  return {
    url: `http://localhost:${options.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from the browser would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
