/**
 * A real HTTP server on 127.0.0.1 for the poll task's tests (imported by tests only): it records every request it
 * gets and answers with the handler the test gives, so the task's real `fetch` is what gets tested.
 */
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type TestHandler = (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request so far, in arrival order. */
  requests: SeenRequest[];
  /** Replaces the handler for the requests that follow. */
  handle(handler: TestHandler): void;
  /** Closes the server and any connection still open (fetch keeps them alive). */
  close(): Promise<void>;
}

/** Starts a server on a free port of 127.0.0.1. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let current = handler;
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const seen: SeenRequest = {
        method: raw.method ?? '',
        path: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      current(seen, response, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
