/**
 * The graph shapes of Metaflow's core test harness (`test/core/graphs/*.json` in
 * Netflix/metaflow), as data: each step's transition, whether it is a join, and its
 * qualifiers (the tags tests select steps by). A foreach split also names its variable and
 * the default value the formatter sets before the test's code runs.
 * @module
 */

/** A step of a graph. */
export interface GraphNode {
  readonly linear?: string;
  readonly branch?: readonly string[];
  readonly foreach?: { readonly to: string; readonly over: string; readonly init: string };
  readonly switch?: { readonly cases: Readonly<Record<string, string>>; readonly condition: string };
  readonly parallel?: { readonly to: string; readonly num: number };
  readonly parallelStep?: boolean;
  readonly join?: boolean;
  readonly quals?: readonly string[];
}

/** A graph: its name (as in Metaflow) and its steps, start first. */
export interface GraphDef {
  readonly name: string;
  readonly steps: Readonly<Record<string, GraphNode>>;
}

const lin = (to: string, quals: string[] = [], join = false): GraphNode => ({ linear: to, quals, ...(join ? { join } : {}) });

/** Every graph of the harness. */
export const graphs: readonly GraphDef[] = [
  {
    name: "single-and-branch",
    steps: {
      start: { branch: ["a", "b"], quals: ["split-and"] },
      a: lin("join", ["single-branch-split"]),
      b: lin("join", ["single-branch-split"]),
      join: lin("end", ["join-and"], true),
      end: {},
    },
  },
  {
    name: "branch_in_switch",
    steps: {
      start: { switch: { cases: { process: "process_branch", skip: "skip_path" }, condition: "mode" }, quals: ["start-branch-in-switch"] },
      process_branch: { branch: ["p1", "p2"], quals: ["process-path"] },
      p1: lin("process_join", ["p1"]),
      p2: lin("process_join", ["p2"]),
      process_join: lin("end", ["process-join"], true),
      skip_path: lin("end", ["skip-path"]),
      end: { quals: ["end-branch-in-switch"] },
    },
  },
  {
    name: "simple-foreach",
    steps: {
      start: lin("foreach_split"),
      foreach_split: { foreach: { to: "foreach_inner_first", over: "arr", init: "[1, 2, 3]" }, quals: ["foreach-split"] },
      foreach_inner_first: lin("foreach_inner_second", ["foreach-inner"]),
      foreach_inner_second: lin("foreach_join", ["foreach-inner"]),
      foreach_join: lin("end", ["foreach-join"], true),
      end: {},
    },
  },
  {
    name: "foreach_in_switch",
    steps: {
      start: { switch: { cases: { process: "process_items", skip: "skip_processing" }, condition: "mode" }, quals: ["start-foreach-in-switch"] },
      process_items: { foreach: { to: "do_work", over: "items_to_process", init: '["item_1", "item_2"]' }, quals: ["process-items"] },
      do_work: lin("join_work", ["do-work"]),
      join_work: lin("end", ["join-work"], true),
      skip_processing: lin("end", ["skip-processing"]),
      end: { quals: ["end-foreach-in-switch"] },
    },
  },
  {
    name: "single-linear-step",
    steps: { start: lin("a", ["singleton-start"]), a: lin("end", ["singleton"]), end: { quals: ["singleton-end"] } },
  },
  {
    name: "nested-branches",
    steps: {
      start: { branch: ["a", "b"], quals: ["split-and"] },
      a: { branch: ["aa", "ab"], quals: ["split-and"] },
      b: { branch: ["ba", "bb"], quals: ["split-and"] },
      aa: { branch: ["aaa", "aab"], quals: ["split-and"] },
      ab: { branch: ["aba", "abb"], quals: ["split-and"] },
      ba: { branch: ["baa", "bab"], quals: ["split-and"] },
      bb: { branch: ["bba", "bbb"], quals: ["split-and"] },
      aaa: lin("aaa_aab_join"),
      aab: lin("aaa_aab_join"),
      aba: lin("aba_abb_join"),
      abb: lin("aba_abb_join"),
      baa: lin("baa_bab_join"),
      bab: lin("baa_bab_join"),
      bba: lin("bba_bbb_join"),
      bbb: lin("bba_bbb_join"),
      aaa_aab_join: lin("aa_ab_join", ["join-and"], true),
      aba_abb_join: lin("aa_ab_join", ["join-and"], true),
      baa_bab_join: lin("ba_bb_join", ["join-and"], true),
      bba_bbb_join: lin("ba_bb_join", ["join-and"], true),
      aa_ab_join: lin("a_b_join", ["join-and"], true),
      ba_bb_join: lin("a_b_join", ["join-and"], true),
      a_b_join: lin("end", ["join-and"], true),
      end: {},
    },
  },
  {
    name: "nested-foreach",
    steps: {
      start: lin("foreach_split_x"),
      foreach_split_x: { foreach: { to: "foreach_split_y", over: "x", init: '"abc"' }, quals: ["foreach-split"] },
      foreach_split_y: { foreach: { to: "foreach_split_z", over: "y", init: '"de"' }, quals: ["foreach-split"] },
      foreach_split_z: { foreach: { to: "foreach_inner", over: "z", init: '"fghijk"' }, quals: ["foreach-nested-split", "foreach-split"] },
      foreach_inner: lin("foreach_join_z", ["foreach-nested-inner", "foreach-inner"]),
      foreach_join_z: lin("foreach_join_y", ["foreach-nested-join"], true),
      foreach_join_y: lin("foreach_join_x", [], true),
      foreach_join_x: lin("end", [], true),
      end: {},
    },
  },
  {
    name: "small-parallel",
    steps: {
      start: lin("parallel_split", ["start"]),
      parallel_split: { parallel: { to: "parallel_inner", num: 4 }, quals: ["parallel-split"] },
      parallel_inner: { linear: "parallel_join", quals: ["parallel-step"], parallelStep: true },
      parallel_join: lin("end", ["parallel-join"], true),
      end: {},
    },
  },
  {
    name: "recursive_switch",
    steps: {
      start: lin("loop_step", ["start"]),
      loop_step: { switch: { cases: { continue: "loop_step", exit: "exit_loop" }, condition: "loop_status" }, quals: ["loop"] },
      exit_loop: lin("end", ["exit"]),
      end: { quals: ["end"] },
    },
  },
  {
    name: "recursive_switch_inside_foreach",
    steps: {
      start: { foreach: { to: "start_loop_for_item", over: "items", init: "[]" }, quals: ["start"] },
      start_loop_for_item: lin("loop_body", ["loop_start"]),
      loop_body: { switch: { cases: { True: "loop_body", False: "exit_item_loop" }, condition: "should_continue" }, quals: ["loop_body"] },
      exit_item_loop: lin("join", ["loop_exit"]),
      join: lin("end", ["join-foreach"], true),
      end: { quals: ["end"] },
    },
  },
  {
    name: "small-foreach",
    steps: {
      start: lin("foreach_split"),
      foreach_split: { foreach: { to: "foreach_inner", over: "arr", init: "[1, 2, 3]" }, quals: ["foreach-split-small", "foreach-split"] },
      foreach_inner: lin("foreach_join", ["foreach-inner-small"]),
      foreach_join: lin("end", ["foreach-join-small"], true),
      end: {},
    },
  },
  {
    name: "simple_switch",
    steps: {
      start: lin("switch_step", ["start"]),
      switch_step: { switch: { cases: { case1: "a", case2: "b", case3: "c" }, condition: "condition" }, quals: ["switch-simple"] },
      a: lin("end", ["path-a"]),
      b: lin("end", ["path-b"]),
      c: lin("end", ["path-c"]),
      end: { quals: ["end"] },
    },
  },
  {
    name: "switch_in_branch",
    steps: {
      start: { branch: ["a", "b"], quals: ["start-split"] },
      a: { switch: { cases: { case1: "c", case2: "d" }, condition: "condition" }, quals: ["switch-a"] },
      b: lin("join", ["branch-b"]),
      c: lin("join", ["branch-c"]),
      d: lin("join", ["branch-d"]),
      join: lin("end", ["join"], true),
      end: { quals: ["end"] },
    },
  },
  {
    name: "switch_in_foreach",
    steps: {
      start: { foreach: { to: "process_item", over: "items", init: "[]" }, quals: ["start-foreach"] },
      process_item: { switch: { cases: { type_a: "handle_a", type_b: "handle_b" }, condition: "item_type" }, quals: ["process-item"] },
      handle_a: lin("join", ["handle-a"]),
      handle_b: lin("join", ["handle-b"]),
      join: lin("end", ["join-foreach"], true),
      end: { quals: ["end"] },
    },
  },
  {
    name: "nested_switch",
    steps: {
      start: { switch: { cases: { case1: "switch2", case2: "b" }, condition: "condition1" }, quals: ["start-nested"] },
      switch2: { switch: { cases: { case2_1: "c", case2_2: "d" }, condition: "condition2" }, quals: ["switch-nested"] },
      b: lin("end", ["path-b"]),
      c: lin("end", ["path-c-nested"]),
      d: lin("end", ["path-d-nested"]),
      end: { quals: ["end-nested"] },
    },
  },
];

/** A step's qualifiers, as the formatter computes them. */
export function qualsOf(name: string, node: GraphNode): Set<string> {
  const q = new Set(["all", ...(node.quals ?? [])]);
  if (name === "start" || name === "end") q.add(name);
  if (node.join) q.add("join");
  if (node.parallelStep) q.add("parallel-step");
  if (node.linear !== undefined) q.add("linear");
  if (node.switch !== undefined) q.add("switch-step");
  return q;
}

/** The steps a step leads to. */
export function successors(node: GraphNode): string[] {
  if (node.linear !== undefined) return [node.linear];
  if (node.branch !== undefined) return [...node.branch];
  if (node.foreach !== undefined) return [node.foreach.to];
  if (node.switch !== undefined) return Object.values(node.switch.cases);
  if (node.parallel !== undefined) return [node.parallel.to];
  return [];
}
