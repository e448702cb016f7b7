/**
 * Where item state is kept between sessions. The engine never sees this: the worker runtime wires a store to a
 * persister, which coalesces the engine's changes into one `write` per flush window.
 */
import type { SavedHeartState } from '../engine/engine.ts';
import type { SavedItemState } from '../engine/item-record.ts';

/** Bumped whenever the saved shape changes; records of any other version are skipped, never guessed at. */
export const schemaVersion = 1;

/** Everything a store had, less what it could not read. */
export interface LoadedState {
  heart: SavedHeartState | null;
  items: SavedItemState[];
  /** One line per record that was skipped (corrupt, unknown schema version), for a `persistence-error` event. */
  problems: string[];
}

/** One batch of changes, written in a single transaction. */
export interface WriteBatch {
  heart?: SavedHeartState;
  put: SavedItemState[];
  delete: string[];
}

export interface HeartBeatStore {
  /** Reads all saved state. Rejects only if the store cannot be opened or read at all. */
  load(): Promise<LoadedState>;
  /** Writes the batch in one transaction; resolves once it has committed. */
  write(batch: WriteBatch): Promise<void>;
}
