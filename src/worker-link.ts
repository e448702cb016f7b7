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
}

export function createWorkerLink(endpoint: WorkerLike): WorkerLink {
  const remote = Comlink.wrap<HeartBeatWorkerApi>(endpoint);
  let failure: HeartBeatError | null = null;
  let fail: (error: HeartBeatError) => void = () => undefined;
  // Every call races this, so closing the link settles the calls still pending as well as later ones.
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);

  const onError = (event: Event) => {
    const message = (event as ErrorEvent).message || 'the worker script failed to load or crashed';
    link.close(new HeartBeatError('worker-failed', `Heartbeat worker failed: ${message}`));
  };
  endpoint.addEventListener('error', onError as never);

  const link: WorkerLink = {
    call(method, ...args) {
      // A released proxy throws on use, so a closed link must not reach it.
      if (failure) return Promise.reject(failure);
      const invoke = remote[method] as unknown as (...a: unknown[]) => Promise<WireResult<never>>;
      const answer = invoke(...args).then(
        (result) => {
          if (result.ok) return result.value;
          throw new HeartBeatError(result.error.code, result.error.message);
        },
        (error: unknown) => {
          throw new HeartBeatError('worker-failed', `Call to the worker failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
      return Promise.race([failed, answer]);
    },
    close(error) {
      if (failure) return;
      failure = error;
      fail(error);
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
  };
  return link;
}
