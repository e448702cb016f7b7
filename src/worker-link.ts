/**
 * The main thread's end of the wire: wraps the worker with Comlink, turns wire results back into values or
 * {@link HeartBeatError}s, and rejects every pending and later call once the worker fails or the link is closed
 * (Comlink leaves calls to a dead worker pending forever).
 */
import * as Comlink from 'comlink';
import { HeartBeatError } from './heart-beat-error.ts';
import type { HeartBeatWorkerApi, WireResult } from './protocol.ts';

/** A worker, or any Comlink endpoint (a `MessagePort` in tests). */
export type WorkerLike = Comlink.Endpoint & { terminate?: () => void };

type Method = keyof HeartBeatWorkerApi;
type Value<M extends Method> = Awaited<ReturnType<HeartBeatWorkerApi[M]>> extends WireResult<infer T> ? T : never;

export interface WorkerLink {
  call<M extends Method>(method: M, ...args: Parameters<HeartBeatWorkerApi[M]>): Promise<Value<M>>;
  /** Rejects pending and future calls with `error` and lets the worker go. */
  close(error: HeartBeatError): void;
  readonly closed: boolean;
}

export function createWorkerLink(endpoint: WorkerLike): WorkerLink {
  const remote = Comlink.wrap<HeartBeatWorkerApi>(endpoint);
  let failure: HeartBeatError | null = null;
  const pending = new Set<(error: HeartBeatError) => void>();

  const onError = (event: Event) => {
    const message = (event as ErrorEvent).message || 'the worker script failed to load or crashed';
    link.close(new HeartBeatError('worker-failed', `Heartbeat worker failed: ${message}`));
  };
  endpoint.addEventListener('error', onError as never);

  const link: WorkerLink = {
    call(method, ...args) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.add(reject);
        const invoke = remote[method] as unknown as (...a: unknown[]) => Promise<WireResult<unknown>>;
        invoke(...args).then(
          (result) => {
            pending.delete(reject);
            if (result.ok) resolve(result.value as never);
            else reject(HeartBeatError.fromData(result.error));
          },
          (error: unknown) => {
            pending.delete(reject);
            reject(
              error instanceof HeartBeatError
                ? error
                : new HeartBeatError('worker-failed', `Call to the worker failed: ${error instanceof Error ? error.message : String(error)}`),
            );
          },
        );
      });
    },
    close(error) {
      if (failure) return;
      failure = error;
      for (const reject of pending) reject(error);
      pending.clear();
      endpoint.removeEventListener('error', onError as never);
      // Releasing the proxy tells the worker side to stop listening; after a failure it may be gone already.
      try {
        remote[Comlink.releaseProxy]();
      } catch {
        // Nothing to release on a dead endpoint.
      }
      endpoint.terminate?.();
      (endpoint as { close?: () => void }).close?.();
    },
    get closed() {
      return failure !== null;
    },
  };
  return link;
}
