/**
 * An item's state as the engine keeps it, and the pure operations on it: creating it from a registration, reviving
 * it from saved state, applying a patch, and copying it out as a snapshot or a record to save.
 */
import type { ItemOptions, ItemPatch, ItemSnapshot, RunSnapshot } from '../protocol.ts';

/** What is kept across reloads: the snapshot less what only makes sense in a live session. */
export type SavedItemState = Omit<ItemSnapshot, 'done' | 'dormant' | 'inFlight'>;

/** An item as the engine holds it: its saved state plus what only a live session has. */
export interface ItemRecord extends SavedItemState {
  /** Id of the main-thread function in the client's table; null for tasks and dormant items. */
  fnId: number | null;
  dormant: boolean;
  /**
   * Registered by the app in this session. False for everything restored from storage, including task items that
   * run by themselves: the app's first registration of such a key continues it (or resets it) instead of being a
   * duplicate, so an app can register its items on every load.
   */
  claimed: boolean;
  /** Runs started and not yet finished, aborted or timed out. */
  runIds: Set<number>;
}

/** Where an item's function comes from, as a registration names it. */
export type ItemSource = { kind: 'main'; fnId: number } | { kind: 'task'; task: string };

/** `maxRuns` reached. Derived, never stored, because a run may raise `maxRuns` again. */
export function isDone(item: ItemRecord): boolean {
  return item.maxRuns > 0 && item.timesRan >= item.maxRuns;
}

export function createItemRecord(key: string, source: ItemSource, options: ItemOptions): ItemRecord {
  return {
    key,
    kind: source.kind,
    task: source.kind === 'task' ? source.task : null,
    fnId: source.kind === 'main' ? source.fnId : null,
    modTick: options.modTick ?? 0,
    maxRuns: options.maxRuns ?? 0,
    paused: options.startPaused ?? false,
    timesRan: 0,
    lastTickRan: 0,
    skipped: 0,
    errorCount: 0,
    lastError: null,
    lastResult: undefined,
    metadata: options.metadata ?? {},
    timeoutMs: options.timeoutMs ?? 0,
    overlap: options.overlap ?? 'skip',
    input: options.input,
    dormant: false,
    claimed: true,
    runIds: new Set(),
  };
}

/**
 * Binds a saved (dormant) item to the function of a new registration. Its history and state (runs, last tick,
 * metadata, modTick, maxRuns, paused) continue; run settings given at registration (timeout, overlap, input) apply.
 */
export function reviveItemRecord(saved: ItemRecord, source: ItemSource, options: ItemOptions): void {
  saved.kind = source.kind;
  saved.task = source.kind === 'task' ? source.task : null;
  saved.fnId = source.kind === 'main' ? source.fnId : null;
  if (options.timeoutMs !== undefined) saved.timeoutMs = options.timeoutMs;
  if (options.overlap !== undefined) saved.overlap = options.overlap;
  if (options.input !== undefined) saved.input = options.input;
  saved.dormant = false;
  saved.claimed = true;
}

/** An item loaded from storage, dormant until the app (or a known worker task) claims it. */
export function itemRecordFromSaved(saved: SavedItemState, dormant: boolean): ItemRecord {
  return { ...saved, fnId: null, dormant, claimed: false, runIds: new Set() };
}

/** Applies the fields present in an already-checked patch. */
export function applyPatch(item: ItemRecord, patch: ItemPatch): void {
  if (patch.modTick !== undefined) item.modTick = patch.modTick;
  if (patch.maxRuns !== undefined) item.maxRuns = patch.maxRuns;
  if (patch.paused !== undefined) item.paused = patch.paused;
  if (patch.metadata !== undefined) item.metadata = patch.metadata;
  if (patch.timeoutMs !== undefined) item.timeoutMs = patch.timeoutMs;
  if (patch.overlap !== undefined) item.overlap = patch.overlap;
}

export function toSavedState(item: ItemRecord): SavedItemState {
  const { fnId: _fnId, dormant: _dormant, claimed: _claimed, runIds: _runIds, ...saved } = item;
  return saved;
}

export function toSnapshot(item: ItemRecord): ItemSnapshot {
  return { ...toSavedState(item), done: isDone(item), dormant: item.dormant, inFlight: item.runIds.size };
}

export function toRunSnapshot(item: ItemRecord, tick: number): RunSnapshot {
  return {
    key: item.key,
    tick,
    timesRan: item.timesRan,
    lastTickRan: item.lastTickRan,
    modTick: item.modTick,
    maxRuns: item.maxRuns,
    paused: item.paused,
    metadata: item.metadata,
  };
}
