/**
 * A join step's `inputs`: one read-only, lazily loaded view per parent task. An input's artifact
 * index is read when `inputs[i]` is first used, and its view (index and the values read through it)
 * is kept only while it is among the recently used ones. `inputs` itself is a proxy over an empty
 * array: a join over 10,000 inputs holds its parents' small records (see load-parents.ts), not
 * 10,000 indexes nor 10,000 property accessors.
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
  /** Every artifact's value, read ahead when the storage cannot be read synchronously. */
  readonly values?: ReadonlyMap<string, unknown>;
}

/** Views kept alive after their last use (others are rebuilt, reading their index again, when used). */
export const recentViews = 256;

/**
 * What `inputs` reports as its class (an array still): an error about it names it, e.g. storing
 * `this.all = inputs` (a proxy cannot be stored; its values can: `inputs.map((i) => i.x)`).
 */
class JoinInputs extends Array<unknown> {}

/** What `console.log(inputs)` shows (Node's inspection of a proxy asks its target). */
const inspectKey = Symbol.for("nodejs.util.inspect.custom");

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
  const target: unknown[] = new Array<unknown>(parents.length);
  // `inputs.<step>`: the first input of each parent step (unless the name is an array property).
  const named = new Map<string, number>();
  parents.forEach((p, i) => {
    const step = p.step;
    if (!named.has(step) && !Reflect.has(target, step)) named.set(step, i);
  });
  Object.defineProperty(target, inspectKey, { value: () => `[${parents.length} join input${parents.length === 1 ? "" : "s"} from ${[...named.keys()].join(", ")}]` });
  /** The input a property key names, if any. */
  const inputOf = (key: string | symbol): number | undefined => {
    if (typeof key !== "string") return undefined;
    return indexOf(key, parents.length) ?? named.get(key);
  };
  const readOnly = (): never => {
    throw new MetaflowError(ErrorCode.ArtifactReadOnly, "Cannot change the inputs of a join: they are read-only. Assign this.<name> in the step instead.");
  };
  return new Proxy(target, {
    get: (t, key, receiver) => {
      const i = inputOf(key);
      return i === undefined ? Reflect.get(t, key, receiver) : viewAt(i);
    },
    has: (t, key) => inputOf(key) !== undefined || Reflect.has(t, key),
    getOwnPropertyDescriptor: (t, key) => {
      const i = inputOf(key);
      if (i === undefined) return Reflect.getOwnPropertyDescriptor(t, key);
      // Indexes are enumerable, step names are not; configurable, as the target has no such property.
      const enumerable = typeof key === "string" && indexOf(key, parents.length) !== undefined;
      return { value: viewAt(i), writable: false, enumerable, configurable: true };
    },
    ownKeys: (t) => [...Array.from(parents.keys(), String), ...Reflect.ownKeys(t), ...named.keys()],
    getPrototypeOf: () => JoinInputs.prototype,
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  });
}

/** `key` as an index below `length` (`"0"`, `"12"`; not `"01"`, `"1.5"`), or undefined. */
function indexOf(key: string, length: number): number | undefined {
  const c = key.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return undefined;
  const i = Number(key);
  return Number.isInteger(i) && i < length && String(i) === key ? i : undefined;
}

function inputView(parent: JoinParent): object {
  const view: Record<string, unknown> = {};
  const cache = new Map<string, unknown>();
  let datastore: TaskDatastore | undefined;
  for (const [name, ref] of Object.entries(parent.index())) {
    Object.defineProperty(view, name, {
      enumerable: true,
      get() {
        if (!cache.has(name)) {
          const loaded = parent.values?.has(name) ? { value: parent.values.get(name) } : (datastore ??= parent.datastore).loadArtifactSync(name, ref);
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
  Object.defineProperty(view, "toString", { value: () => `[input from ${(datastore ??= parent.datastore).pathspec}]`, enumerable: false });
  return Object.preventExtensions(view);
}
