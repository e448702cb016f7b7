/**
 * Demo settings from the page URL, so tests and people can try variations without editing code:
 * `?interval=100` (ms, default 500 like the seed's example), `?clock=manual` (beats only on "Advance"),
 * `?persist=off` (default: on), `?persistName=x` (default `demo`: the IndexedDB namespace, so tests keep apart),
 * `?flushWindow=200` (ms, default 500), `?registerAfter=3000` (ms the page waits before registering its items,
 * default 0: shows that saved worker tasks resume on their own) and `?client=x` (tags the worker tasks' requests so
 * `/api/stats?client=x` counts them apart; default none).
 */
export interface DemoSettings {
  intervalMs: number;
  manualClock: boolean;
  persist: boolean;
  persistName: string;
  flushWindowMs: number;
  registerAfterMs: number;
  client: string | null;
}

function numberFrom(params: URLSearchParams, name: string, min: number, fallback: number): number {
  const raw = params.get(name);
  const value = Number(raw);
  return raw !== null && raw !== '' && Number.isFinite(value) && value >= min ? value : fallback;
}

export function readDemoSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  return {
    intervalMs: numberFrom(params, 'interval', 1, 500),
    manualClock: params.get('clock') === 'manual',
    persist: params.get('persist') !== 'off',
    persistName: params.get('persistName') || 'demo',
    flushWindowMs: numberFrom(params, 'flushWindow', 1, 500),
    registerAfterMs: numberFrom(params, 'registerAfter', 0, 0),
    client: params.get('client') || null,
  };
}
