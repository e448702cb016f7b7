import type { ItemPatch, RunSnapshot } from './protocol.ts';

/**
 * The changes a job made to its context during a run, as a patch to send back. Only the fields it changed are
 * included, so a `pause()` the app made while the run was going is not undone by the run ending. Metadata is
 * always taken: it belongs to the job, and in-place edits cannot be seen cheaply.
 */
export function patchFromRun(before: RunSnapshot, after: RunSnapshot): ItemPatch {
  const patch: ItemPatch = { metadata: after.metadata };
  if (after.modTick !== before.modTick) patch.modTick = after.modTick;
  if (after.maxRuns !== before.maxRuns) patch.maxRuns = after.maxRuns;
  if (after.paused !== before.paused) patch.paused = after.paused;
  return patch;
}
