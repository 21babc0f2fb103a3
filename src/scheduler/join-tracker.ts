/**
 * Collects the parents of join tasks until all of them are done. A branch join waits for
 * one task of each branch of its split in the same foreach context (a branch may reach the
 * join through any case of a switch), ordered by branch; a foreach join waits for all
 * siblings of the split, ordered by index.
 * @module
 */
import { analyzeSplits, type Lineage } from "../graph/split-lineage.js";
import type { FlowGraph } from "../graph/types.js";
import type { ForeachFrame } from "../protocol/task-spec.js";

interface Pending {
  readonly expected: number;
  readonly slots: (string | undefined)[];
  filled: number;
}

/** Tracks partially arrived joins. */
export class JoinTracker {
  private readonly pending = new Map<string, Pending>();
  private readonly lineage: ReadonlyMap<string, Lineage>;

  constructor(private readonly graph: FlowGraph) {
    this.lineage = analyzeSplits(graph.steps).lineage;
  }

  /** The branches of a static split a join closes, and the one `from` runs in (else per inFunc). */
  private branchSlot(join: string, from: string): { expected: number; position: number } {
    const node = this.graph.steps[join];
    const split = node?.matchingSplit === undefined ? undefined : this.graph.steps[node.matchingSplit];
    if (split?.transition.kind === "branch") {
      const branches = split.transition.to;
      const frame = this.lineage.get(from)?.find((f) => f.split === split.name);
      const position = frame === undefined ? -1 : branches.indexOf(frame.branch);
      if (position >= 0) return { expected: branches.length, position };
    }
    const inFuncs = node?.inFuncs ?? [];
    return { expected: inFuncs.length, position: inFuncs.indexOf(from) };
  }

  /**
   * Records that the task `path` of step `from` (with foreach stack `stack`) finished and leads
   * to the join `join`. Returns the join's ordered input paths once all have arrived.
   */
  arrive(join: string, from: string, path: string, stack: readonly ForeachFrame[]): string[] | undefined {
    const node = this.graph.steps[join];
    const split = node?.matchingSplit === undefined ? undefined : this.graph.steps[node.matchingSplit];
    let key: string;
    let expected: number;
    let position: number;
    if (split?.transition.kind === "foreach") {
      const last = stack[stack.length - 1];
      if (last === undefined) throw new Error(`join ${join} closes a foreach but its input ${path} has no foreach frame`);
      key = `${join}|${context(stack.slice(0, -1))}|${last.task}`;
      expected = last.count;
      position = last.index;
    } else {
      key = `${join}|${context(stack)}`;
      ({ expected, position } = this.branchSlot(join, from));
    }
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = { expected, slots: new Array<string | undefined>(expected).fill(undefined), filled: 0 };
      this.pending.set(key, entry);
    }
    if (entry.slots[position] === undefined) entry.filled += 1;
    entry.slots[position] = path;
    if (entry.filled < entry.expected) return undefined;
    this.pending.delete(key);
    return entry.slots as string[];
  }
}

function context(stack: readonly ForeachFrame[]): string {
  return stack.map((f) => `${f.task}:${f.index}`).join(",");
}
