/**
 * Core tests of switches (Metaflow's switch_basic, switch_nested, switch_in_branch,
 * switch_in_foreach, branch_in_switch, foreach_in_switch, recursive_switch,
 * recursive_switch_inside_foreach), as TypeScript; each runs on its own graph.
 * @module
 */
import type { CoreTest, TestStep } from "./core-test.js";

const s = (quals: string, code: string[], prio = 0): TestStep => ({ prio, quals: [quals], required: true, code });

/** Tests of switches. */
export const switchTests: readonly CoreTest[] = [
  {
    name: "BasicSwitchTest",
    priority: 2,
    onlyGraphs: ["simple_switch"],
    steps: [
      s("start", ['this.condition = "case2";']),
      s("switch-simple", []),
      s("path-a", ['this.result = "Path A taken";']),
      s("path-b", ['this.result = "Path B taken";']),
      s("path-c", ['this.result = "Path C taken";']),
      s("end", ['assertEquals("Path B taken", this.result);'], 1),
    ],
    check: (c) => c.assertArtifact("b", "result", "Path B taken"),
  },
  {
    name: "NestedSwitchTest",
    priority: 2,
    onlyGraphs: ["nested_switch"],
    steps: [
      s("start-nested", ['this.condition1 = "case1";', 'this.condition2 = "case2_2";']),
      s("switch-nested", []),
      s("path-b", ['this.result = "Direct path B";']),
      s("path-c-nested", ['this.result = "Nested path C";']),
      s("path-d-nested", ['this.result = "Nested path D";']),
      s("end-nested", ['assertEquals("Nested path D", this.result);'], 1),
    ],
    check: (c) => c.assertArtifact("d", "result", "Nested path D"),
  },
  {
    name: "SwitchInBranchTest",
    priority: 2,
    onlyGraphs: ["switch_in_branch"],
    steps: [
      s("start-split", ['this.condition = "case1";']),
      s("switch-a", []),
      s("branch-b", ['this.data = "from_b";']),
      s("branch-c", ['this.data = "from_a_c";']),
      s("branch-d", ['this.data = "from_a_d";']),
      s("join", ["this.final_data = [...inputs].map((i: any) => i.data).sort();"]),
      s("end", ['assertEquals(["from_a_c", "from_b"], this.final_data);'], 1),
    ],
    check: (c) => c.assertArtifact("join", "final_data", ["from_a_c", "from_b"]),
  },
  {
    name: "SwitchInForeachTest",
    priority: 2,
    onlyGraphs: ["switch_in_foreach"],
    steps: [
      s("start-foreach", ['this.items = [{ id: 1, type: "type_a", data: 100 }, { id: 2, type: "type_b", data: 200 }, { id: 3, type: "type_a", data: 300 }];']),
      s("process-item", ["this.item_type = this.input.type;"]),
      s("handle-a", ["this.result = `A(${this.input.data * 2})`;"]),
      s("handle-b", ["this.result = `B(${(this.input.data / 2).toFixed(1)})`;"]),
      s("join-foreach", ["this.results = [...inputs].map((i: any) => i.result).sort();"]),
      s("end", ['assertEquals(["A(200)", "A(600)", "B(100.0)"], this.results);'], 1),
    ],
    check: (c) => c.assertArtifact("join", "results", ["A(200)", "A(600)", "B(100.0)"]),
  },
  {
    name: "BranchInSwitchTest",
    priority: 2,
    onlyGraphs: ["branch_in_switch"],
    steps: [
      s("start-branch-in-switch", ['this.mode = "process";']),
      s("process-path", []),
      s("p1", ['this.result = "p1_done";']),
      s("p2", ['this.result = "p2_done";']),
      s("process-join", ["this.final_data = [...inputs].map((i: any) => i.result).sort();", 'this.final_result = "Processed";']),
      s("skip-path", ['this.final_result = "Skipped";']),
      s("end-branch-in-switch", ['assertEquals(["p1_done", "p2_done"], this.final_data);', 'assertEquals("Processed", this.final_result);'], 1),
    ],
    check: (c) => c.assertArtifact("end", "final_result", "Processed"),
  },
  {
    name: "ForeachInSwitchTest",
    priority: 2,
    onlyGraphs: ["foreach_in_switch"],
    steps: [
      s("start-foreach-in-switch", ['this.mode = "process";']),
      s("process-items", ['this.items_to_process = ["item_1", "item_2"];']),
      s("do-work", ["this.work_result = `Processed ${this.input}`;"]),
      s("join-work", ["this.final_result = [...inputs].map((i: any) => i.work_result).sort();"]),
      s("skip-processing", ['this.final_result = "Skipped";']),
      s("end-foreach-in-switch", ['assertEquals(["Processed item_1", "Processed item_2"], this.final_result);'], 1),
    ],
    check: (c) => c.assertArtifact("end", "final_result", ["Processed item_1", "Processed item_2"]),
  },
  {
    name: "RecursiveSwitchFlowTest",
    priority: 2,
    onlyGraphs: ["recursive_switch"],
    steps: [
      s("start", ["this.count = 0;", "this.max_iterations = 10;"]),
      s("loop", ["this.count += 1;", 'this.loop_status = this.count < this.max_iterations ? "continue" : "exit";']),
      s("exit", ["assertEquals(10, this.count);"]),
      s("end", ["assertEquals(10, this.count);"], 1),
    ],
    check: (c) => c.assertArtifact("exit_loop", "count", 10),
  },
  {
    name: "RecursiveSwitchInsideForeachFlowTest",
    priority: 2,
    onlyGraphs: ["recursive_switch_inside_foreach"],
    steps: [
      s("start", ['this.items = [{ id: "A", iterations: 3 }, { id: "B", iterations: 5 }, { id: "C", iterations: 2 }];']),
      s("loop_start", ["this.item_id = this.input.id;", "this.max_loops = this.input.iterations;", "this.item_loop_count = 0;"]),
      s("loop_body", ["this.item_loop_count += 1;", 'this.should_continue = this.item_loop_count < this.max_loops ? "True" : "False";']),
      s("loop_exit", ["assertEquals(this.max_loops, this.item_loop_count);", "this.result = `Item ${this.item_id} finished after ${this.item_loop_count} iterations.`;"]),
      s("join-foreach", ["this.results = [...inputs].map((i: any) => i.result).sort();"]),
      s("end", [], 1),
    ],
    check: (c) => c.assertArtifact("join", "results", ["Item A finished after 3 iterations.", "Item B finished after 5 iterations.", "Item C finished after 2 iterations."]),
  },
];
