/**
 * `this.mergeArtifacts(inputs, { include, exclude })` for a join: copies unambiguous
 * artifacts from the inputs by reference (hash comparison; no value is loaded, each input's index
 * is read once and not kept).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { MergeOptions } from "../flow/task-binding.js";
import type { ArtifactRef } from "../protocol/task-records.js";
import type { ArtifactState } from "./artifact-state.js";
import type { JoinParent } from "./join-inputs.js";

/** Merges the parents' artifacts into `state`; throws naming every conflicting artifact. */
export function mergeArtifacts(step: string, state: ArtifactState, parents: readonly JoinParent[], options: MergeOptions): void {
  if (options.include !== undefined && options.exclude !== undefined) {
    throw new MetaflowError(ErrorCode.UsageError, `Step ${step}: mergeArtifacts: include and exclude cannot be used together; list what to merge (include) or what to leave out (exclude), not both.`);
  }
  const exclude = new Set(options.exclude ?? []);
  // One pass over the inputs, each index read once and dropped: per artifact name, the first input
  // that has it and whether another input holds a different value.
  const seen = new Map<string, { ref: ArtifactRef; parent: JoinParent; conflict: boolean }>();
  for (const parent of parents) {
    for (const [name, ref] of Object.entries(parent.index())) {
      const first = seen.get(name);
      if (first === undefined) seen.set(name, { ref, parent, conflict: false });
      else if (first.ref.sha !== ref.sha) first.conflict = true;
    }
  }
  if (options.include !== undefined) {
    const missing = options.include.filter((n) => !seen.has(n));
    if (missing.length > 0) {
      throw new MetaflowError(ErrorCode.MergeConflict, `Step ${step}: mergeArtifacts was asked to include ${missing.map((n) => `'${n}'`).join(", ")}, which no input has. Known artifacts: ${[...seen.keys()].sort().join(", ") || "(none)"}.`);
    }
  }
  const names = (options.include ?? [...seen.keys()]).filter((n) => !exclude.has(n) && !state.isSetHere(n));
  const conflicts: string[] = [];
  const merged: Array<{ name: string; ref: ArtifactRef; parent: JoinParent }> = [];
  for (const name of names) {
    const holder = seen.get(name);
    if (holder === undefined) continue;
    if (holder.conflict) {
      conflicts.push(name);
      continue;
    }
    if (state.refOf(name)?.sha !== holder.ref.sha) merged.push({ name, ref: holder.ref, parent: holder.parent });
  }
  if (conflicts.length > 0) {
    const list = conflicts.sort().map((n) => `'${n}'`).join(", ");
    throw new MetaflowError(
      ErrorCode.MergeConflict,
      `Step ${step} cannot merge artifacts that have different values in its inputs: ${list}. ` +
        `Set them in the step before calling mergeArtifacts (e.g. this.${conflicts[0]} = ...), or pass { exclude: [${list}] }.`,
    );
  }
  // Nothing is set unless the whole merge succeeds.
  for (const { name, ref, parent } of merged) state.addRef(name, ref, parent.datastore);
}
