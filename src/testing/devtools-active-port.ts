/**
 * Chromium started with `--remote-debugging-port=0` picks a free port and writes it to `DevToolsActivePort` in
 * its profile directory: the port on the first line, the browser's WebSocket path on the second.
 */

/** The file name Chromium writes inside `--user-data-dir`. */
export const DEVTOOLS_ACTIVE_PORT_FILE = 'DevToolsActivePort';

/**
 * Reads the port from the file's text. Returns `undefined` while the file is incomplete (no second line yet) or
 * malformed, so a caller can keep polling instead of connecting to a half-written number.
 */
export function parseDevToolsActivePort(text: string): number | undefined {
  const [portLine, pathLine] = text.split('\n');
  if (portLine === undefined || pathLine === undefined || !pathLine.startsWith('/')) return undefined;
  if (!/^\d{1,5}$/.test(portLine.trim())) return undefined;
  const port = Number(portLine.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
