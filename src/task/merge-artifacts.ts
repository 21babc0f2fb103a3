/**
 * `this.mergeArtifacts(inputs, { include, exclude })` for a join: copies unambiguous
 * artifacts from the inputs by reference (hash comparison; no value is loaded).
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
  const all = new Set(parents.flatMap((p) => Object.keys(p.index)));
  if (options.include !== undefined) {
    const missing = options.include.filter((n) => !all.has(n));
    if (missing.length > 0) {
      throw new MetaflowError(ErrorCode.MergeConflict, `Step ${step}: mergeArtifacts was asked to include ${missing.map((n) => `'${n}'`).join(", ")}, which no input has. Known artifacts: ${[...all].sort().join(", ") || "(none)"}.`);
    }
  }
  const names = (options.include ?? [...all]).filter((n) => !exclude.has(n) && !state.isSetHere(n));
  const conflicts: string[] = [];
  const merged: Array<{ name: string; parent: JoinParent }> = [];
  for (const name of names) {
    const holders = parents.filter((p) => p.index[name] !== undefined);
    const shas = new Set(holders.map((p) => p.index[name]?.sha));
    if (shas.size > 1) {
      conflicts.push(name);
      continue;
    }
    const first = holders[0];
    const ref = first?.index[name];
    if (first !== undefined && ref !== undefined && state.refOf(name)?.sha !== ref.sha) merged.push({ name, parent: first });
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
  for (const { name, parent } of merged) state.addRef(name, parent.index[name] as ArtifactRef, parent.datastore);
}
