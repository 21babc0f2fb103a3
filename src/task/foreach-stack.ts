/**
 * The foreach stack of a task, derived from its parents, and the `this.input` / `foreachStack()`
 * views of it.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import type { ForeachStackFrame } from "../flow/task-binding.js";
import type { FlowGraph, StepNode } from "../graph/types.js";
import type { ArtifactIndex, ArtifactRef, DoneRecord } from "../protocol/task-records.js";
import type { ForeachFrame } from "../protocol/task-spec.js";

/** A parent task as the task runtime sees it. */
export interface ParentTask {
  readonly step: string;
  readonly pathspec: string;
  readonly datastore: TaskDatastore;
  readonly index: ArtifactIndex;
  readonly done: Extract<DoneRecord, { status: "ok" }>;
}

/** Computes the foreach stack of a task of `node` from its parents. */
export function foreachStackOf(graph: FlowGraph, node: StepNode, parents: readonly ParentTask[], splitIndex: number | undefined): ForeachFrame[] {
  const first = parents[0];
  if (first === undefined) return [];
  const inherited = [...first.done.foreachStack];
  if (splitIndex !== undefined && first.done.transition.kind === "foreach") {
    const over = graph.steps[first.step]?.transition;
    return [
      ...inherited,
      { step: first.step, count: first.done.transition.count, index: splitIndex, task: first.pathspec, over: over?.kind === "foreach" ? over.over : "" },
    ];
  }
  const split = node.join && node.matchingSplit !== undefined ? graph.steps[node.matchingSplit] : undefined;
  if (split?.transition.kind === "foreach") return inherited.slice(0, -1);
  return inherited;
}

/** Where a frame's split task stored its foreach list. */
export interface FrameSource {
  readonly frame: ForeachFrame;
  readonly datastore: TaskDatastore;
  readonly index: ArtifactIndex;
}

/** Lazy views over a task's foreach stack. */
export class ForeachView {
  private readonly values = new Map<number, unknown>();

  constructor(private readonly sources: readonly FrameSource[]) {}

  /** The innermost frame's item. */
  input(): unknown {
    return this.sources.length === 0 ? undefined : this.valueAt(this.sources.length - 1);
  }

  /** The innermost frame's index. */
  index(): number | undefined {
    return this.sources[this.sources.length - 1]?.frame.index;
  }

  /** All frames, outermost first; `value` loads on first read. */
  stack(): ForeachStackFrame[] {
    return this.sources.map((s, i) => {
      const view = this;
      return {
        step: s.frame.step,
        index: s.frame.index,
        count: s.frame.count,
        get value() {
          return view.valueAt(i);
        },
      };
    });
  }

  /** Reads ahead the items a storage without synchronous reads (a third party's, async only) cannot give on access. */
  async prefetch(): Promise<void> {
    for (const [i, s] of this.sources.entries()) {
      const ref = s.index[s.frame.over];
      if (ref === undefined || s.datastore.canReadSync || this.values.has(i)) continue;
      this.values.set(i, itemsOf(await s.datastore.loadArtifact(s.frame.over, ref))[s.frame.index]);
    }
  }

  private valueAt(i: number): unknown {
    if (!this.values.has(i)) {
      const s = this.sources[i];
      const ref = s?.index[s.frame.over];
      const items = s && ref ? foreachItems(s.datastore, s.frame.over, ref) : [];
      this.values.set(i, items[s?.frame.index ?? 0]);
    }
    return this.values.get(i);
  }
}

/**
 * Foreach lists of primitives recently read by this thread, by content hash. Every task of a wide
 * foreach needs one item of the same list: without this each of N tasks would read, verify and decode
 * the whole list (N² work). Only lists whose items are all primitives are kept, so no task can reach
 * (and change) a value another task sees; the arrays themselves never leave this module.
 */
const primitiveLists = new Map<string, readonly unknown[]>();
const MAX_LISTS = 4;
const MAX_LIST_BYTES = 4 * 1024 * 1024;

function foreachItems(datastore: TaskDatastore, over: string, ref: ArtifactRef): readonly unknown[] {
  const key = `${ref.encoding}:${ref.sha}`;
  const cached = primitiveLists.get(key);
  if (cached !== undefined) return cached;
  const loaded = datastore.loadArtifactSync(over, ref);
  if (loaded === undefined) throw new MetaflowError(ErrorCode.Internal, `foreach list '${over}' of ${datastore.pathspec} was not read ahead for a storage without synchronous reads`);
  const items = itemsOf(loaded.value);
  if (ref.size <= MAX_LIST_BYTES && items.every(isPrimitive)) {
    if (primitiveLists.size >= MAX_LISTS) primitiveLists.delete(primitiveLists.keys().next().value as string);
    primitiveLists.set(key, items);
  }
  return items;
}

/** A foreach list's items (any iterable was accepted when it was split). */
function itemsOf(list: unknown): readonly unknown[] {
  return Array.isArray(list) ? list : list === undefined ? [] : [...(list as Iterable<unknown>)];
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function");
}
