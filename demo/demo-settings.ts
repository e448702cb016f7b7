/**
 * Demo settings from the page URL, so tests and people can try variations without editing code:
 * `?interval=100` (ms, default 500 like the seed's example), `?clock=manual` (beats only on "Advance"),
 * `?persist=off` (default: on, under the name `demo`).
 */
export interface DemoSettings {
  intervalMs: number;
  manualClock: boolean;
  persist: boolean;
}

export function readDemoSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  const interval = Number(params.get('interval'));
  return {
    intervalMs: Number.isFinite(interval) && interval >= 1 ? interval : 500,
    manualClock: params.get('clock') === 'manual',
    persist: params.get('persist') !== 'off',
  };
}
