/**
 * Checks the step's `this.next(...)` call against the graph and turns it into the
 * transition the scheduler follows (with the foreach count or the switch value).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { NextCall } from "../flow/task-binding.js";
import type { StepNode } from "../graph/types.js";
import type { TaskTransition } from "../protocol/task-records.js";

/** What the transition needs to read from the instance. */
export type ReadArtifact = (name: string) => unknown;

/** Resolves the recorded next() call of `node` into a TaskTransition. */
export function resolveTransition(node: StepNode, call: NextCall | undefined, read: ReadArtifact): TaskTransition {
  const t = node.transition;
  if (t.kind === "end") {
    if (call !== undefined) throw invalid(node, "the end step cannot call this.next(); remove the call.");
    return { kind: "end" };
  }
  if (call === undefined) {
    throw invalid(node, `it ended without calling this.next(...). The last statement of the step must be ${describeExpected(t)}; make sure every path of the step reaches it.`);
  }
  switch (t.kind) {
    case "linear":
      if (call.kind !== "steps" || call.targets.length !== 1 || call.targets[0] !== t.to) throw mismatch(node, call, `this.next(this.${t.to})`);
      return { kind: "linear", to: t.to };
    case "branch":
      if (call.kind !== "steps" || call.targets.join() !== t.to.join()) throw mismatch(node, call, describeExpected(t));
      return { kind: "branch", to: t.to };
    case "foreach": {
      if (call.kind !== "foreach" || call.target !== t.to || call.over !== t.over) throw mismatch(node, call, describeExpected(t));
      return { kind: "foreach", to: t.to, count: foreachCount(node, t.over, read(t.over)) };
    }
    case "switch": {
      if (call.kind !== "switch" || call.condition !== t.condition || JSON.stringify(call.cases) !== JSON.stringify(t.cases)) {
        throw mismatch(node, call, describeExpected(t));
      }
      const value = read(t.condition);
      const key = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
      const to = key !== undefined && Object.prototype.hasOwnProperty.call(t.cases, key) ? t.cases[key] : undefined;
      if (key === undefined || to === undefined) {
        throw new MetaflowError(
          ErrorCode.SwitchError,
          `Step ${node.name}: the switch value this.${t.condition} = ${JSON.stringify(value) ?? String(value)} matches no case. ` +
            `Cases: ${Object.keys(t.cases).map((k) => `'${k}'`).join(", ")}. Set this.${t.condition} to one of them before this.next(...).`,
        );
      }
      return { kind: "switch", to, value: key };
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

function foreachCount(node: StepNode, over: string, value: unknown): number {
  // Any iterable splits, a string into its characters (as in Metaflow).
  if (value === null || value === undefined || typeof (value as Iterable<unknown>)[Symbol.iterator] !== "function") {
    const what = value === undefined ? "it is not set" : `it is ${value === null ? "null" : `a ${typeof value}`}`;
    throw new MetaflowError(ErrorCode.ForeachError, `Step ${node.name}: the foreach variable this.${over} is not iterable (${what}). Set this.${over} to an array (or another iterable) of items before this.next(..., { foreach: "${over}" }).`);
  }
  const count = Array.isArray(value) ? value.length : [...(value as Iterable<unknown>)].length;
  if (count === 0) {
    throw new MetaflowError(ErrorCode.ForeachError, `Step ${node.name}: the foreach over this.${over} produced zero splits (it is empty). A foreach needs at least one item; check how this.${over} is built.`);
  }
  return count;
}

function describeExpected(t: Exclude<StepNode["transition"], { kind: "end" }>): string {
  switch (t.kind) {
    case "linear":
      return `this.next(this.${t.to})`;
    case "branch":
      return `this.next(${t.to.map((s) => `this.${s}`).join(", ")})`;
    case "foreach":
      return `this.next(this.${t.to}, { foreach: "${t.over}" })`;
    case "switch":
      return `this.next({ ${Object.entries(t.cases).map(([k, v]) => `${k}: this.${v}`).join(", ")} }, { condition: "${t.condition}" })`;
    default: {
      const never: never = t;
      return never;
    }
  }
}

function describeCall(call: NextCall): string {
  switch (call.kind) {
    case "steps":
      return `this.next(${call.targets.map((s) => `this.${s}`).join(", ")})`;
    case "foreach":
      return `this.next(this.${call.target}, { foreach: "${call.over}" })`;
    case "switch":
      return `this.next({ ${Object.entries(call.cases).map(([k, v]) => `${k}: this.${v}`).join(", ")} }, { condition: "${call.condition}" })`;
    default: {
      const never: never = call;
      return never;
    }
  }
}

function invalid(node: StepNode, why: string): MetaflowError {
  return new MetaflowError(ErrorCode.InvalidTransition, `Step ${node.name}: ${why}`, { source: node.nextSource ?? node.source });
}

function mismatch(node: StepNode, call: NextCall, expected: string): MetaflowError {
  return invalid(node, `it called ${describeCall(call)} but the flow's source says ${expected}. Transitions must not depend on run-time values; use a switch for that.`);
}
