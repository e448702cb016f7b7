/**
 * Worker entry of the persistence bench: takes one {@link PersistencePlan}, answers with the records or the error.
 */
import type { PersistencePlan } from '../page-api.ts';
import { runPersistenceBench } from './persistence-bench.ts';

onmessage = async (event: MessageEvent<PersistencePlan>) => {
  try {
    postMessage({ ok: true, records: await runPersistenceBench(event.data) });
  } catch (error) {
    postMessage({ ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
};
