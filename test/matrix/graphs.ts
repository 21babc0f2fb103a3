/**
 * The graph shapes of the combination matrix, as data (Metaflow's `test/core/graphs`).
 *
 * Each shape lists its steps with their transition, join-ness and the shape's own logic (the
 * code that sets foreach lists and switch conditions, e.g. a counter deciding a loop's exit).
 * Behaviours (`behaviours.ts`) are injected around that logic by `generate.ts`; the shape also
 * says what a successful run must look like (tasks per step, the trail reaching `end`) and
 * where the failure behaviour throws.
 * @module
 */

/** A step's transition, mirroring the four `this.next(...)` forms (and `end`). */
export type Next =
  | { readonly kind: "linear"; readonly to: string }
  | { readonly kind: "branch"; readonly to: readonly string[] }
  | { readonly kind: "foreach"; readonly to: string; readonly over: string }
  | { readonly kind: "switch"; readonly cases: Readonly<Record<string, string>>; readonly condition: string }
  | { readonly kind: "end" };

/** One step of a shape. */
export interface StepSpec {
  readonly name: string;
  readonly next: Next;
  /** A join (the method takes `inputs`), and the kind of split it closes. */
  readonly join?: "branch" | "foreach";
  /** The shape's own logic (TypeScript statements; a join may use `inputs`). */
  readonly code?: readonly string[];
}

/** A graph shape. */
export interface GraphSpec {
  /** kebab-case id, e.g. `switch-in-foreach`. */
  readonly name: string;
  readonly steps: readonly StepSpec[];
  /** The shape's own artifacts: field name -> TypeScript type. */
  readonly fields: Readonly<Record<string, string>>;
  /** Shape artifacts that may differ between the inputs of a join (excluded when merging everything). */
  readonly varying: readonly string[];
  /** Tasks per step in a successful run (steps not listed must never run). */
  readonly expectTasks: Readonly<Record<string, number>>;
  /**
   * The trail of `end` (see the propagation behaviour): step names along the lineage, where a
   * join keeps the longest common prefix of its inputs' trails before adding itself.
   */
  readonly endTrail: readonly string[];
  /** Where the failure behaviour throws: a step, and optionally a condition (TS expression). */
  readonly failAt: { readonly step: string; readonly when?: string };
}

const linear = (to: string): Next => ({ kind: "linear", to });
const branch = (...to: string[]): Next => ({ kind: "branch", to });
const foreach = (to: string, over: string): Next => ({ kind: "foreach", to, over });
const switchOn = (condition: string, cases: Record<string, string>): Next => ({ kind: "switch", cases, condition });
const end: Next = { kind: "end" };

/** Every shape of the matrix. */
export const graphs: readonly GraphSpec[] = [
  {
    name: "linear",
    steps: [
      { name: "start", next: linear("a") },
      { name: "a", next: linear("b") },
      { name: "b", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: {},
    varying: [],
    expectTasks: { start: 1, a: 1, b: 1, end: 1 },
    endTrail: ["start", "a", "b", "end"],
    failAt: { step: "a" },
  },
  {
    name: "branch",
    steps: [
      { name: "start", next: branch("a", "b") },
      { name: "a", next: linear("join") },
      { name: "b", next: linear("join") },
      { name: "join", join: "branch", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: {},
    varying: [],
    expectTasks: { start: 1, a: 1, b: 1, join: 1, end: 1 },
    endTrail: ["start", "join", "end"],
    failAt: { step: "b" },
  },
  {
    name: "nested-branches",
    steps: [
      { name: "start", next: branch("a", "b") },
      { name: "a", next: branch("a1", "a2") },
      { name: "a1", next: linear("joinA") },
      { name: "a2", next: linear("joinA") },
      { name: "joinA", join: "branch", next: linear("join") },
      { name: "b", next: linear("join") },
      { name: "join", join: "branch", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: {},
    varying: [],
    expectTasks: { start: 1, a: 1, a1: 1, a2: 1, joinA: 1, b: 1, join: 1, end: 1 },
    endTrail: ["start", "join", "end"],
    failAt: { step: "joinA" },
  },
  {
    name: "foreach",
    steps: [
      { name: "start", code: ['this.items = ["x", "y", "z"];'], next: foreach("body", "items") },
      { name: "body", code: ["this.item = this.input as string;"], next: linear("join") },
      { name: "join", join: "foreach", code: ["this.collected = inputs.map((i) => i.item);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { items: "string[]", item: "string", collected: "string[]" },
    varying: ["item"],
    expectTasks: { start: 1, body: 3, join: 1, end: 1 },
    endTrail: ["start", "body", "join", "end"],
    failAt: { step: "body", when: "this.index === 1" },
  },
  {
    name: "small-foreach",
    steps: [
      { name: "start", code: ["this.items = [7];"], next: foreach("body", "items") },
      { name: "body", code: ["this.doubled = (this.input as number) * 2;"], next: linear("join") },
      { name: "join", join: "foreach", code: ["this.total = inputs.reduce((a, i) => a + i.doubled, 0);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { items: "number[]", doubled: "number", total: "number" },
    varying: ["doubled"],
    expectTasks: { start: 1, body: 1, join: 1, end: 1 },
    endTrail: ["start", "body", "join", "end"],
    failAt: { step: "body" },
  },
  {
    name: "nested-foreach",
    steps: [
      { name: "start", code: ['this.letters = ["a", "b"];'], next: foreach("outer", "letters") },
      { name: "outer", code: ["this.letter = this.input as string;", "this.numbers = [1, 2];"], next: foreach("inner", "numbers") },
      { name: "inner", code: ["this.label = `${this.letter}${this.input as number}`;"], next: linear("innerJoin") },
      { name: "innerJoin", join: "foreach", code: ["this.labels = inputs.map((i) => i.label);"], next: linear("outerJoin") },
      { name: "outerJoin", join: "foreach", code: ["this.all = inputs.flatMap((i) => i.labels);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { letters: "string[]", letter: "string", numbers: "number[]", label: "string", labels: "string[]", all: "string[]" },
    varying: ["letter", "label", "labels"],
    expectTasks: { start: 1, outer: 2, inner: 4, innerJoin: 2, outerJoin: 1, end: 1 },
    endTrail: ["start", "outer", "inner", "innerJoin", "outerJoin", "end"],
    failAt: { step: "inner", when: "this.index === 1 && this.foreachStack()[0]?.index === 0" },
  },
  {
    name: "switch-basic",
    steps: [
      { name: "start", code: ['this.temp = "hot";'], next: switchOn("temp", { hot: "hotStep", cold: "coldStep" }) },
      { name: "hotStep", next: linear("end") },
      { name: "coldStep", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { temp: "string" },
    varying: [],
    expectTasks: { start: 1, hotStep: 1, end: 1 },
    endTrail: ["start", "hotStep", "end"],
    failAt: { step: "hotStep" },
  },
  {
    name: "switch-nested",
    steps: [
      { name: "start", code: ['this.outerChoice = "a";'], next: switchOn("outerChoice", { a: "pickA", b: "pickB" }) },
      { name: "pickA", code: ['this.innerChoice = "y";'], next: switchOn("innerChoice", { x: "ax", y: "ay" }) },
      { name: "ax", next: linear("afterA") },
      { name: "ay", next: linear("afterA") },
      { name: "afterA", next: linear("end") },
      { name: "pickB", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { outerChoice: "string", innerChoice: "string" },
    varying: [],
    expectTasks: { start: 1, pickA: 1, ay: 1, afterA: 1, end: 1 },
    endTrail: ["start", "pickA", "ay", "afterA", "end"],
    failAt: { step: "ay" },
  },
  {
    name: "switch-in-branch",
    steps: [
      { name: "start", code: ["this.number = 42;"], next: branch("left", "right") },
      { name: "left", code: ['this.parity = this.number % 2 === 0 ? "even" : "odd";'], next: switchOn("parity", { even: "leftEven", odd: "leftOdd" }) },
      { name: "leftEven", code: ['this.side = "even";'], next: linear("leftDone") },
      { name: "leftOdd", code: ['this.side = "odd";'], next: linear("leftDone") },
      { name: "leftDone", next: linear("join") },
      { name: "right", code: ['this.side = "right";'], next: linear("join") },
      { name: "join", join: "branch", code: ["this.sides = inputs.map((i) => i.side);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { number: "number", parity: "string", side: "string", sides: "string[]" },
    varying: ["side"],
    expectTasks: { start: 1, left: 1, leftEven: 1, leftDone: 1, right: 1, join: 1, end: 1 },
    endTrail: ["start", "join", "end"],
    failAt: { step: "leftEven" },
  },
  {
    name: "switch-in-foreach",
    steps: [
      { name: "start", code: ["this.nums = [1, 2, 3];"], next: foreach("body", "nums") },
      {
        name: "body",
        code: ["this.n = this.input as number;", 'this.parity = this.n % 2 === 0 ? "even" : "odd";'],
        next: switchOn("parity", { even: "evenStep", odd: "oddStep" }),
      },
      { name: "evenStep", code: ["this.result = this.n * 10;"], next: linear("collect") },
      { name: "oddStep", code: ["this.result = this.n + 100;"], next: linear("collect") },
      { name: "collect", next: linear("join") },
      { name: "join", join: "foreach", code: ["this.results = inputs.map((i) => i.result);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { nums: "number[]", n: "number", parity: "string", result: "number", results: "number[]" },
    varying: ["n", "parity", "result"],
    expectTasks: { start: 1, body: 3, evenStep: 1, oddStep: 2, collect: 3, join: 1, end: 1 },
    endTrail: ["start", "body", "join", "end"],
    failAt: { step: "oddStep", when: "this.n === 3" },
  },
  {
    name: "foreach-in-switch",
    steps: [
      { name: "start", code: ['this.route = "many";'], next: switchOn("route", { many: "fanOut", none: "skip" }) },
      { name: "fanOut", code: ["this.items = [1, 2];"], next: foreach("body", "items") },
      { name: "body", code: ["this.square = (this.input as number) ** 2;"], next: linear("join") },
      { name: "join", join: "foreach", code: ["this.squares = inputs.map((i) => i.square);"], next: linear("after") },
      { name: "skip", code: ["this.squares = [];"], next: linear("after") },
      { name: "after", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { route: "string", items: "number[]", square: "number", squares: "number[]" },
    varying: ["square"],
    expectTasks: { start: 1, fanOut: 1, body: 2, join: 1, after: 1, end: 1 },
    endTrail: ["start", "fanOut", "body", "join", "after", "end"],
    failAt: { step: "join" },
  },
  {
    name: "branch-in-switch",
    steps: [
      { name: "start", code: ['this.route = "split";'], next: switchOn("route", { split: "splitStep", direct: "directStep" }) },
      { name: "splitStep", next: branch("p", "q") },
      { name: "p", code: ['this.pValue = "p";'], next: linear("pqJoin") },
      { name: "q", code: ['this.qValue = "q";'], next: linear("pqJoin") },
      { name: "pqJoin", join: "branch", code: ["this.outcome = `${inputs.p.pValue}+${inputs.q.qValue}`;"], next: linear("after") },
      { name: "directStep", code: ['this.outcome = "direct";'], next: linear("after") },
      { name: "after", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { route: "string", pValue: "string", qValue: "string", outcome: "string" },
    varying: [],
    expectTasks: { start: 1, splitStep: 1, p: 1, q: 1, pqJoin: 1, after: 1, end: 1 },
    endTrail: ["start", "splitStep", "pqJoin", "after", "end"],
    failAt: { step: "q" },
  },
  {
    name: "recursive-switch",
    steps: [
      { name: "start", code: ["this.count = 0;"], next: linear("loop") },
      {
        name: "loop",
        code: ["this.count += 1;", 'this.state = this.count < 3 ? "again" : "done";'],
        next: switchOn("state", { again: "loop", done: "after" }),
      },
      { name: "after", next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { count: "number", state: "string" },
    varying: [],
    expectTasks: { start: 1, loop: 3, after: 1, end: 1 },
    endTrail: ["start", "loop", "loop", "loop", "after", "end"],
    failAt: { step: "loop", when: "this.count === 2" },
  },
  {
    name: "recursive-switch-in-foreach",
    steps: [
      { name: "start", code: ["this.targets = [1, 3];"], next: foreach("refine", "targets") },
      { name: "refine", code: ["this.target = this.input as number;", "this.count = 0;"], next: linear("loop") },
      {
        name: "loop",
        code: ["this.count += 1;", 'this.state = this.count < this.target ? "again" : "done";'],
        next: switchOn("state", { again: "loop", done: "finish" }),
      },
      { name: "finish", next: linear("join") },
      { name: "join", join: "foreach", code: ["this.counts = inputs.map((i) => i.count);"], next: linear("end") },
      { name: "end", next: end },
    ],
    fields: { targets: "number[]", target: "number", count: "number", state: "string", counts: "number[]" },
    varying: ["target", "count"],
    expectTasks: { start: 1, refine: 2, loop: 4, finish: 2, join: 1, end: 1 },
    endTrail: ["start", "refine", "loop", "join", "end"],
    failAt: { step: "loop", when: "this.count === 2" },
  },
];

/** Steps whose transitions lead to `name`. */
export function predecessors(g: GraphSpec, name: string): string[] {
  return g.steps.filter((s) => targetsOf(s.next).includes(name)).map((s) => s.name);
}

/** The steps a transition can lead to. */
export function targetsOf(next: Next): string[] {
  switch (next.kind) {
    case "linear":
    case "foreach":
      return [next.to];
    case "branch":
      return [...next.to];
    case "switch":
      return Object.values(next.cases);
    case "end":
      return [];
  }
}

/** Whether `name` is the first step of a foreach body (the target of a foreach split). */
export function isForeachBody(g: GraphSpec, name: string): boolean {
  return g.steps.some((s) => s.next.kind === "foreach" && s.next.to === name);
}

/** How many foreach frames enclose each step (a foreach target opens one, a foreach join closes one). */
export function foreachDepths(g: GraphSpec): Map<string, number> {
  const depth = new Map<string, number>([["start", 0]]);
  const byName = new Map(g.steps.map((s) => [s.name, s]));
  const queue = ["start"];
  while (queue.length > 0) {
    const s = byName.get(queue.shift()!)!;
    const d = depth.get(s.name)!;
    for (const t of targetsOf(s.next)) {
      if (depth.has(t)) continue;
      const target = byName.get(t)!;
      depth.set(t, s.next.kind === "foreach" ? d + 1 : target.join === "foreach" ? d - 1 : d);
      queue.push(t);
    }
  }
  return depth;
}

/** PascalCase class name of a combination, e.g. `SwitchInForeach_Merge_Flow`. */
export function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}
