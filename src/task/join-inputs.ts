/**
 * A join step's `inputs`: one read-only, lazily loaded view per parent task. An input's artifact
 * index is read when `inputs[i]` is first used, and its view (index and the values read through it)
 * is kept only while it is among the recently used ones: a join over 10,000 inputs holds a small
 * record per input (its step and datastore), not 10,000 indexes.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import type { ArtifactIndex } from "../protocol/task-records.js";

/** A parent task of a join; its artifact index is read on demand. */
export interface JoinParent {
  readonly step: string;
  readonly datastore: TaskDatastore;
  /** The parent's artifact index (read from the datastore at each call unless it was read ahead). */
  index(): ArtifactIndex;
}

/** Views kept alive after their last use (others are rebuilt, reading their index again, when used). */
export const recentViews = 256;

/** Builds the `inputs` array: iterable, indexable, and with a non-enumerable property per parent step name. */
export function buildJoinInputs(parents: readonly JoinParent[]): readonly unknown[] {
  const recent = new Map<number, object>();
  const viewAt = (i: number): object => {
    let view = recent.get(i);
    if (view !== undefined) recent.delete(i);
    else view = inputView(parents[i] as JoinParent);
    recent.set(i, view); // most recently used last
    if (recent.size > recentViews) recent.delete(recent.keys().next().value as number);
    return view;
  };
  const inputs: unknown[] = new Array<unknown>(parents.length);
  const named = new Set<string>();
  parents.forEach((p, i) => {
    Object.defineProperty(inputs, i, { get: () => viewAt(i), enumerable: true });
    if (!named.has(p.step) && !(p.step in inputs)) {
      named.add(p.step);
      Object.defineProperty(inputs, p.step, { get: () => viewAt(i), enumerable: false });
    }
  });
  return Object.freeze(inputs);
}

function inputView(parent: JoinParent): object {
  const view: Record<string, unknown> = {};
  const cache = new Map<string, unknown>();
  for (const [name, ref] of Object.entries(parent.index())) {
    Object.defineProperty(view, name, {
      enumerable: true,
      get() {
        if (!cache.has(name)) {
          const loaded = parent.datastore.loadArtifactSync(name, ref);
          if (loaded === undefined) throw new MetaflowError(ErrorCode.Internal, `input artifact '${name}' cannot be read synchronously`);
          cache.set(name, loaded.value);
        }
        return cache.get(name);
      },
      set() {
        throw new MetaflowError(ErrorCode.ArtifactReadOnly, `Cannot assign '${name}' on an input of a join: inputs are read-only. Assign this.${name} instead.`);
      },
    });
  }
  Object.defineProperty(view, "toString", { value: () => `[input from ${parent.datastore.pathspec}]`, enumerable: false });
  return Object.preventExtensions(view);
}
