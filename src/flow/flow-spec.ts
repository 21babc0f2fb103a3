/**
 * FlowSpec: the base class of every flow.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { bindingKey, type ForeachStackFrame, type MergeOptions, type NextCall, type TaskBinding } from "./task-binding.js";

/** A step method of the flow, as passed to `this.next(...)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StepRef = (...args: any[]) => unknown;

/**
 * Base class of a flow: extend it and mark methods with `@step`. Every field a step sets on
 * `this` becomes an artifact, persisted when the task ends and visible downstream.
 *
 * @example
 * ```ts
 * export default class HelloFlow extends FlowSpec {
 *   greeting!: string;
 *   @step start() { this.greeting = "hi"; this.next(this.end); }
 *   @step end() { console.log(this.greeting); }
 * }
 * main(import.meta, HelloFlow);
 * ```
 */
export abstract class FlowSpec {
  declare private [bindingKey]: TaskBinding | undefined;

  /**
   * Ends the step and says what runs next: `next(this.a)`, a static branch `next(this.a, this.b)`,
   * a foreach `next(this.body, { foreach: "items" })`, or a switch
   * `next({ hot: this.a, cold: this.b }, { condition: "temp" })`. Must be the step's last statement.
   */
  protected next(...steps: [StepRef, ...StepRef[]]): void;
  protected next(step: StepRef, options: { readonly foreach: string }): void;
  protected next(cases: Readonly<Record<string, StepRef>>, options: { readonly condition: string }): void;
  protected next(...args: unknown[]): void {
    this.binding("next()").next(toNextCall(args));
  }

  /** In a foreach branch: the item of this branch. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected get input(): any {
    return this.binding("this.input").input();
  }

  /** In a foreach branch: its 0-based index (undefined outside a foreach). */
  protected get index(): number {
    return this.binding("this.index").index() as number;
  }

  /** The enclosing foreach splits, outermost first. */
  protected foreachStack(): ForeachStackFrame[] {
    return this.binding("foreachStack()").foreachStack();
  }

  /**
   * In a join: copies to this task every artifact of the inputs that has the same value in all
   * inputs that have it. An artifact with different values in different inputs is an error
   * unless it was set in this step already or is excluded.
   */
  protected mergeArtifacts(inputs: Iterable<unknown>, options: MergeOptions = {}): void {
    this.binding("mergeArtifacts()").mergeArtifacts(inputs, options);
  }

  private binding(what: string): TaskBinding {
    const b = this[bindingKey];
    if (b === undefined) {
      throw new MetaflowError(ErrorCode.UsageError, `${what} is only available while a step runs through metaflow-ts (\`metaflow-ts run flow.ts\`).`);
    }
    return b;
  }
}

function stepName(ref: unknown, where: string): string {
  if (typeof ref !== "function" || ref.name === "") {
    throw new MetaflowError(ErrorCode.InvalidTransition, `${where} must be a step method such as this.end; got ${ref === null ? "null" : typeof ref}.`);
  }
  return ref.name;
}

function toNextCall(args: unknown[]): NextCall {
  const [first, second] = args;
  if (args.length === 0) throw new MetaflowError(ErrorCode.InvalidTransition, "next() needs at least one step, e.g. this.next(this.end).");
  const options = args.length === 2 && typeof second === "object" && second !== null && typeof first !== "undefined" ? (second as Record<string, unknown>) : undefined;
  if (options !== undefined && "foreach" in options) {
    if (typeof options.foreach !== "string") throw new MetaflowError(ErrorCode.InvalidTransition, "next(step, { foreach }) takes the artifact name as a string, e.g. { foreach: \"items\" }.");
    return { kind: "foreach", target: stepName(first, "The foreach target"), over: options.foreach };
  }
  if (options !== undefined && "condition" in options) {
    if (typeof options.condition !== "string") throw new MetaflowError(ErrorCode.InvalidTransition, "next(cases, { condition }) takes the artifact name as a string, e.g. { condition: \"temp\" }.");
    if (typeof first !== "object" || first === null) throw new MetaflowError(ErrorCode.InvalidTransition, "A switch is written next({ caseA: this.a, caseB: this.b }, { condition: \"var\" }).");
    const cases: Record<string, string> = {};
    for (const [k, v] of Object.entries(first)) cases[k] = stepName(v, `Switch case '${k}'`);
    return { kind: "switch", cases, condition: options.condition };
  }
  return { kind: "steps", targets: args.map((a, i) => stepName(a, `Argument ${i + 1} of next()`)) };
}
