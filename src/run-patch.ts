import type { ItemPatch, RunSnapshot } from './protocol.ts';
import { checkPatch } from './validate.ts';

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

/**
 * The run's patch if the context it left is valid. Otherwise no change at all and the reason: a run that leaves
 * `modTick: -1` or metadata that cannot be stored is recorded as failed, and none of its changes are kept, so an
 * item is never left half-updated by one run.
 */
export function checkedPatchFromRun(before: RunSnapshot, after: RunSnapshot): { patch: ItemPatch; invalid: string | null } {
  const patch = patchFromRun(before, after);
  const invalid = runPatchProblem(patch);
  return invalid === null ? { patch, invalid } : { patch: {}, invalid };
}

/** Why a patch a run left cannot be applied, or null if it can: the one wording both threads report. */
export function runPatchProblem(patch: ItemPatch): string | null {
  try {
    checkPatch(patch);
    return null;
  } catch (error) {
    return `The run left its context invalid: ${(error as Error).message}`;
  }
}
