/** The events a {@link HeartBeat} emits, by name. */
export interface HeartBeatEvents {
  /** One per beat. `missed` counts beats that passed while the worker could not run (frozen page, sleep). */
  beat: { tick: number; missed: number; scheduledAt: number; firedAt: number };
  /** A job finished, well or badly. `value` is what a worker task returned. */
  run: { key: string; tick: number; ok: boolean; value?: unknown; error?: string; timedOut: boolean; durationMs: number };
  /** A job threw, rejected, timed out or changed its context to something invalid. Also sent as a `run`. */
  error: { key: string; tick: number; error: string; timedOut: boolean };
  /** Saving or loading state failed; the heartbeat goes on in memory. */
  'persistence-error': { reason: string };
}

export type HeartBeatEventName = keyof HeartBeatEvents;

export type HeartBeatListener<N extends HeartBeatEventName> = (event: HeartBeatEvents[N]) => void;

/** A tiny typed emitter. A listener that throws is reported like an uncaught error and never stops the others. */
export class EventHub {
  #listeners = new Map<HeartBeatEventName, Set<(event: never) => void>>();

  on<N extends HeartBeatEventName>(name: N, listener: HeartBeatListener<N>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<N extends HeartBeatEventName>(name: N, event: HeartBeatEvents[N]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as HeartBeatListener<N>)(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (report) report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
