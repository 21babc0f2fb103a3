/**
 * The behaviours of the combination matrix, as code (Metaflow's `test/core/tests`).
 *
 * A behaviour injects code snippets into the steps a qualifier selects (all steps, start, end,
 * joins, foreach bodies, the failing step) and checks the finished run through the client.
 * `generate.ts` crosses every behaviour with every graph shape it applies to.
 * @module
 */
import assert from "node:assert/strict";
import { Task } from "metaflow-ts";
import type { FlowRunResult } from "../utils/cli.js";
import { assertFailed, type ClientRun, type ClientTask } from "../utils/client.js";
import { foreachDepths, isForeachBody, predecessors, type GraphSpec, type StepSpec } from "./graphs.js";

/** Which steps a snippet goes into. */
export type Qualifier = "all" | "start" | "end" | "join" | "non-join" | "foreach-body" | "fail-step";

/** A step as a snippet sees it. */
export interface StepInfo {
  readonly graph: GraphSpec;
  readonly step: StepSpec;
}

/** Code injected into the steps selected by `where`: before (`pre`) or after (`post`) the shape's logic. */
export interface Snippet {
  readonly where: Qualifier;
  readonly at: "pre" | "post";
  readonly code: (s: StepInfo) => readonly string[];
}

/** What a checker gets: the shape, the CLI result, and (when the run exists) its tasks by step. */
export interface CheckContext {
  readonly graph: GraphSpec;
  readonly flowName: string;
  readonly result: FlowRunResult;
  readonly run: ClientRun;
  /** Tasks of every step of the shape ([] for a step that never ran). */
  readonly tasks: ReadonlyMap<string, readonly ClientTask[]>;
}

/** A behaviour. */
export interface Behaviour {
  readonly name: string;
  /** Why this behaviour does not apply to a shape (undefined: it applies). */
  readonly skip?: (g: GraphSpec) => string | undefined;
  /** Artifacts the behaviour adds: field name -> TypeScript type. */
  readonly fields?: Readonly<Record<string, string>>;
  /** Class members declared verbatim (parameters). */
  readonly members?: readonly string[];
  /** Module-level code (helpers) of the generated flow file. */
  readonly helpers?: readonly string[];
  /** Extra command-line arguments of `run`. */
  readonly args?: readonly string[];
  readonly snippets: readonly Snippet[];
  /** The run is expected to fail (the generic success checks are replaced by the checker's). */
  readonly expectFailure?: boolean;
  readonly check: (ctx: CheckContext) => Promise<void>;
}

/** Whether a snippet's qualifier selects a step. */
export function qualifies(where: Qualifier, s: StepInfo): boolean {
  switch (where) {
    case "all":
      return true;
    case "start":
      return s.step.name === "start";
    case "end":
      return s.step.name === "end";
    case "join":
      return s.step.join !== undefined;
    case "non-join":
      return s.step.join === undefined;
    case "foreach-body":
      return isForeachBody(s.graph, s.step.name);
    case "fail-step":
      return s.graph.failAt.step === s.step.name;
  }
}

const hasJoin = (g: GraphSpec): boolean => g.steps.some((s) => s.join !== undefined);
const hasForeach = (g: GraphSpec): boolean => g.steps.some((s) => s.next.kind === "foreach");
const allTasks = (ctx: CheckContext): Array<[string, ClientTask]> => [...ctx.tasks].flatMap(([step, ts]) => ts.map((t): [string, ClientTask] => [step, t]));
const lit = (v: unknown): string => JSON.stringify(v);

// ---------------------------------------------------------------------------------------------
// artifact propagation

/** The value `start` sets; structured clone keeps Map, Date and nesting. */
const propExpr = 'new Map<string, unknown>([["text", "héllo ✓"], ["when", new Date("2024-01-02T03:04:05.000Z")], ["nested", { list: [1, 2, 3], deep: { ok: true } }]])';
const propValue = (): Map<string, unknown> =>
  new Map<string, unknown>([
    ["text", "héllo ✓"],
    ["when", new Date("2024-01-02T03:04:05.000Z")],
    ["nested", { list: [1, 2, 3], deep: { ok: true } }],
  ]);

const propagation: Behaviour = {
  name: "propagation",
  fields: { propValue: "Map<string, unknown>", trail: "string[]" },
  helpers: [
    `const PROP_JSON = propJson(${propExpr});`,
    "function propJson(v: unknown): string {",
    "  if (!(v instanceof Map)) return `not a Map: ${String(v)}`;",
    '  return JSON.stringify([...v].map(([k, x]) => [k, x instanceof Date ? `date:${x.toISOString()}` : x]));',
    "}",
    "function checkProp(v: unknown, where: string): void {",
    "  if (propJson(v) !== PROP_JSON) throw new Error(`propValue changed or missing in ${where}: ${propJson(v)}`);",
    "}",
    "function commonPrefix(lists: ReadonlyArray<readonly string[]>): string[] {",
    "  const [first = [], ...rest] = lists;",
    "  let n = first.length;",
    "  for (const l of rest) { let i = 0; while (i < n && i < l.length && l[i] === first[i]) i += 1; n = i; }",
    "  return first.slice(0, n);",
    "}",
  ],
  snippets: [
    { where: "start", at: "pre", code: () => [`this.propValue = ${propExpr};`, 'this.trail = ["start"];'] },
    {
      where: "join",
      at: "pre",
      code: (s) => [
        `for (const i of inputs) checkProp(i.propValue, "an input of ${s.step.name}");`,
        'this.mergeArtifacts(inputs, { include: ["propValue"] });',
        `this.trail = [...commonPrefix(inputs.map((i) => i.trail)), "${s.step.name}"];`,
      ],
    },
    // In place: the parent's stored trail must not change, and the mutated value must be stored.
    { where: "non-join", at: "pre", code: (s) => (s.step.name === "start" ? [] : [`this.trail.push("${s.step.name}");`]) },
    { where: "all", at: "post", code: (s) => [`checkProp(this.propValue, "${s.step.name}");`] },
  ],
  async check(ctx) {
    const trailsOf = async (step: string): Promise<string[][]> => Promise.all((ctx.tasks.get(step) ?? []).map(async (t) => (await t.artifact("trail")) as string[]));
    for (const [step, task] of allTasks(ctx)) {
      const data = await task.data();
      assert.deepStrictEqual(data["propValue"], propValue(), `${task.pathspec}: propValue reaches every task unchanged`);
      const trail = data["trail"] as string[];
      assert.equal(trail.at(-1), step, `${task.pathspec}: the trail ends with the task's own step (${lit(trail)})`);
      const spec = ctx.graph.steps.find((s) => s.name === step)!;
      if (step === "start") {
        assert.deepEqual(trail, ["start"]);
        continue;
      }
      const before = trail.slice(0, -1);
      const preds = predecessors(ctx.graph, step);
      if (spec.join === undefined) {
        const candidates = (await Promise.all(preds.map(trailsOf))).flat();
        assert.ok(
          candidates.some((c) => lit(c) === lit(before)),
          `${task.pathspec}: trail ${lit(trail)} extends the trail of a parent task (one of ${lit(candidates)})`,
        );
      } else {
        for (const p of preds) {
          const candidates = await trailsOf(p);
          assert.ok(
            candidates.some((c) => lit(c.slice(0, before.length)) === lit(before)),
            `${task.pathspec}: join trail ${lit(trail)} is a common prefix of its inputs' trails (${p}: ${lit(candidates)})`,
          );
        }
      }
    }
    assert.deepEqual((await ctx.run.data())["trail"], ctx.graph.endTrail, "the trail reaching end");
  },
};

// ---------------------------------------------------------------------------------------------
// merge

const SAME = "same-in-every-input";

const merge: Behaviour = {
  name: "merge",
  skip: (g) => (hasJoin(g) ? undefined : "no join step"),
  fields: { mbSame: "string", mbDiff: "string", mbInputs: "number", mbDistinct: "number", mbConflictNamed: "boolean", mbMergedItems: "string[]", mbExcludedSkipped: "boolean" },
  snippets: [
    { where: "start", at: "pre", code: () => [`this.mbSame = "${SAME}";`] },
    {
      where: "join",
      at: "post",
      code: (s) => {
        const excluded = lit(["mbDiff", "mbConflictNamed", "mbMergedItems", ...s.graph.varying]);
        return [
          "this.mbInputs = inputs.length;",
          "this.mbDistinct = new Set(inputs.map((i) => i.mbDiff)).size;",
          `this.mergeArtifacts(inputs, { exclude: ${excluded} });`,
          "this.mbExcludedSkipped = this.mbDiff === undefined;",
          `if (this.mbSame !== "${SAME}") throw new Error(\`mbSame not merged in ${s.step.name}: \${String(this.mbSame)}\`);`,
          "// an artifact that differs is refused when it is not excluded, and the error names it",
          "let named = this.mbDistinct === 1;",
          "if (this.mbDistinct > 1) {",
          '  try { this.mergeArtifacts(inputs, { include: ["mbDiff"] }); } catch (e) { named = e instanceof Error && e.message.includes("mbDiff"); }',
          "}",
          "this.mbConflictNamed = named;",
          // Every artifact of the inputs that is not excluded (nor set here) must now be on this task.
          `const excluded = new Set(${excluded});`,
          "this.mbMergedItems = [...new Set(inputs.flatMap((i) => Object.keys(i)))].filter((k) => !excluded.has(k)).sort();",
        ];
      },
    },
    // Every step (a join after merging) sets an artifact that differs between any two tasks.
    { where: "all", at: "post", code: (s) => [`this.mbDiff = \`${s.step.name}@\${this.foreachStack().map((f) => f.index).join(".")}\`;`] },
  ],
  async check(ctx) {
    for (const [step, task] of allTasks(ctx)) {
      const names = new Set(task.artifacts().map((a) => a.name));
      assert.equal(await task.artifact("mbSame"), SAME, `${task.pathspec}: the artifact equal in all inputs is merged through every join`);
      const spec = ctx.graph.steps.find((s) => s.name === step)!;
      const own = `${step}@${task.foreachStack.map((f) => f.index).join(".")}`;
      assert.equal(await task.artifact("mbDiff"), own, `${task.pathspec}: mbDiff is the task's own value (an excluded artifact is not merged)`);
      if (spec.join === undefined) continue;
      assert.equal(await task.artifact("mbExcludedSkipped"), true, `${task.pathspec}: mergeArtifacts skips the excluded artifact`);
      for (const name of ctx.graph.varying) {
        if ((spec.code ?? []).some((l) => l.includes(`this.${name} =`))) continue;
        assert.ok(!names.has(name), `${task.pathspec}: the excluded shape artifact '${name}' is not merged`);
      }
      const inputs = (await task.artifact("mbInputs")) as number;
      assert.ok(inputs >= 1);
      assert.equal(await task.artifact("mbDistinct"), inputs, `${task.pathspec}: mbDiff differs in every input`);
      assert.equal(await task.artifact("mbConflictNamed"), true, `${task.pathspec}: merging the differing artifact fails naming it`);
      for (const name of (await task.artifact("mbMergedItems")) as string[]) {
        assert.ok(names.has(name), `${task.pathspec}: '${name}' (not excluded) is merged; the task has ${[...names].sort().join(", ")}`);
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// foreach index and input

const foreachIndex: Behaviour = {
  name: "foreach-index",
  skip: (g) => (hasForeach(g) ? undefined : "no foreach"),
  fields: { fxInput: "unknown", fxIndex: "number | null", fxStack: "Array<{ step: string; index: number; count: number; value: unknown }>" },
  snippets: [
    {
      where: "all",
      at: "pre",
      code: () => [
        "this.fxInput = this.input ?? null;",
        "this.fxIndex = (this.index as number | undefined) ?? null;",
        "this.fxStack = this.foreachStack().map((f) => ({ step: f.step, index: f.index, count: f.count, value: f.value }));",
      ],
    },
    {
      where: "foreach-body",
      at: "pre",
      code: (s) => [
        "const top = this.foreachStack().at(-1);",
        `if (top === undefined || top.index !== this.index || top.value !== this.input) throw new Error(\`${s.step.name}: foreachStack() does not match input/index\`);`,
      ],
    },
  ],
  async check(ctx) {
    const depths = foreachDepths(ctx.graph);
    const listCache = new Map<string, unknown[]>();
    const listOf = async (pathspec: string, over: string): Promise<unknown[]> => {
      if (!listCache.has(pathspec)) listCache.set(pathspec, (await (await Task.get(`${ctx.flowName}/${pathspec}`)).artifact(over)) as unknown[]);
      return listCache.get(pathspec)!;
    };
    for (const [step, task] of allTasks(ctx)) {
      const frames = task.foreachStack;
      const data = await task.data();
      assert.equal(frames.length, depths.get(step), `${task.pathspec}: foreach depth`);
      const seen = data["fxStack"] as Array<{ step: string; index: number; count: number; value: unknown }>;
      assert.equal(seen.length, frames.length, `${task.pathspec}: this.foreachStack() has one frame per enclosing foreach`);
      for (const [k, f] of frames.entries()) {
        const splitTask = `${ctx.flowName}/${f.task}`;
        assert.ok(f.task.split("/")[1] === f.step, `${task.pathspec}: frame ${k} names its split task ${f.task}`);
        assert.equal(ctx.graph.steps.find((s) => s.name === f.step)?.next.kind, "foreach", `${task.pathspec}: frame ${k} is a foreach step`);
        const list = await listOf(f.task, f.over);
        assert.equal(f.count, list.length, `${task.pathspec}: frame ${k} count is the length of ${splitTask}.${f.over}`);
        assert.ok(f.index >= 0 && f.index < f.count, `${task.pathspec}: frame ${k} index in range`);
        assert.deepEqual(seen[k], { step: f.step, index: f.index, count: f.count, value: list[f.index] }, `${task.pathspec}: foreachStack()[${k}] seen in the step`);
      }
      const top = frames.at(-1);
      assert.deepEqual(data["fxIndex"], top === undefined ? null : top.index, `${task.pathspec}: this.index`);
      assert.deepEqual(data["fxInput"], top === undefined ? null : (await listOf(top.task, top.over))[top.index], `${task.pathspec}: this.input`);
    }
    // Every item of every split has exactly one task in the foreach body.
    for (const body of ctx.graph.steps.filter((s) => isForeachBody(ctx.graph, s.name))) {
      const bySplit = new Map<string, number[]>();
      for (const t of ctx.tasks.get(body.name) ?? []) {
        const top = t.foreachStack.at(-1)!;
        bySplit.set(top.task, [...(bySplit.get(top.task) ?? []), top.index]);
      }
      for (const [split, indexes] of bySplit) {
        const next = ctx.graph.steps.find((s) => s.name === split.split("/")[1])?.next;
        if (next?.kind !== "foreach") assert.fail(`${split} is not a foreach split`);
        const list = await listOf(split, next.over);
        assert.deepEqual(indexes.sort((a, b) => a - b), list.map((_, i) => i), `${body.name}: one task per item of ${split}`);
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// parameters

const parameters: Behaviour = {
  name: "parameters",
  members: ['greeting = Parameter("greeting", { type: "string", default: "default greeting" });', 'factor = Parameter("factor", { default: 1 });'],
  fields: { paramSeen: "string", paramReadOnly: "boolean" },
  args: ["--greeting", "hi from the CLI", "--factor", "7"],
  snippets: [
    {
      where: "all",
      at: "pre",
      code: (s) => [
        `if (this.greeting !== "hi from the CLI" || this.factor !== 7) throw new Error(\`parameters in ${s.step.name}: \${this.greeting} \${this.factor}\`);`,
        "let refusedNumber = false;",
        "let refusedString = false;",
        "try { (this as { factor: number }).factor = 8; } catch { refusedNumber = true; }",
        'try { (this as { greeting: string }).greeting = "changed"; } catch { refusedString = true; }',
        "this.paramReadOnly = refusedNumber && refusedString && this.factor === 7 && this.greeting === \"hi from the CLI\";",
        "this.paramSeen = `${this.greeting}/${this.factor * 2}`;",
      ],
    },
  ],
  async check(ctx) {
    for (const [, task] of allTasks(ctx)) {
      const data = await task.data();
      assert.equal(data["greeting"], "hi from the CLI", `${task.pathspec}: string parameter`);
      assert.equal(data["factor"], 7, `${task.pathspec}: number parameter (parsed as a number)`);
      assert.equal(data["paramReadOnly"], true, `${task.pathspec}: assigning a parameter throws and leaves it unchanged`);
      assert.equal(data["paramSeen"], "hi from the CLI/14", `${task.pathspec}: parameters visible in the step`);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// failure

const FAILURE = "matrix deliberate failure";

const failure: Behaviour = {
  name: "failure",
  fields: { failMark: "string" },
  expectFailure: true,
  snippets: [
    { where: "all", at: "pre", code: (s) => [`this.failMark = "mark:${s.step.name}";`] },
    {
      where: "fail-step",
      at: "post",
      code: (s) => [`if (${s.graph.failAt.when ?? "this.failMark !== \"\""}) throw new Error("${FAILURE} in ${s.step.name}");`],
    },
  ],
  async check(ctx) {
    const r = ctx.result;
    const failStep = ctx.graph.failAt.step;
    assertFailed(r, new RegExp(`${ctx.flowName}/${r.runId}/${failStep}/[^\\s:\\])]+`), `${FAILURE} in ${failStep}`);
    assert.equal(ctx.run.successful, false, "the run is not successful");
    assert.equal(ctx.run.finished, false, "end never ran");
    assert.match(ctx.run.failure?.task ?? "", new RegExp(`^${ctx.flowName}/${r.runId}/${failStep}/`), "the run records the failed task");
    assert.equal(ctx.tasks.get("end")?.length ?? 0, 0, "end never ran");
    const failed = (ctx.tasks.get(failStep) ?? []).filter((t) => t.finished && !t.successful);
    assert.equal(failed.length, 1, `exactly one failed task in ${failStep}`);
    assert.match(failed[0]!.exception?.message ?? "", new RegExp(FAILURE));
    const start = ctx.tasks.get("start")?.[0];
    assert.ok(start?.successful, "start succeeded");
    for (const [step, task] of allTasks(ctx)) {
      if (!task.successful) continue;
      assert.equal(await task.artifact("failMark"), `mark:${step}`, `${task.pathspec}: a successful task keeps its artifacts`);
    }
  },
};

/** Every behaviour of the matrix. */
export const behaviours: readonly Behaviour[] = [propagation, merge, foreachIndex, parameters, failure];
