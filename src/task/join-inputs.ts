/**
 * A join step's `inputs`: one read-only, lazily loaded view per parent task.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import type { ArtifactIndex } from "../protocol/task-records.js";

/** A parent task of a join, with its artifact index. */
export interface JoinParent {
  readonly step: string;
  readonly datastore: TaskDatastore;
  readonly index: ArtifactIndex;
}

/** Builds the `inputs` array: iterable, indexable, and with a non-enumerable property per parent step name. */
export function buildJoinInputs(parents: readonly JoinParent[]): readonly unknown[] {
  const views = parents.map(inputView);
  const inputs: unknown[] = [...views];
  parents.forEach((p, i) => {
    if (!(p.step in inputs)) Object.defineProperty(inputs, p.step, { value: views[i], enumerable: false });
  });
  return Object.freeze(inputs);
}

function inputView(parent: JoinParent): object {
  const view: Record<string, unknown> = {};
  const cache = new Map<string, unknown>();
  for (const [name, ref] of Object.entries(parent.index)) {
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
