/**
 * Matrix: a branch inside a branch.
 * `start -> (a, b); a -> (a1, a2) -> joinA; (joinA, b) -> join -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** NestedBranchesFlow: the inner join sums a1 and a2, the outer join adds b. */
export default class NestedBranchesFlow extends FlowSpec {
  seed!: number;
  a1Value!: number;
  a2Value!: number;
  aTotal!: number;
  bValue!: number;
  total!: number;
  visited!: string[];
  finished!: string;

  @step
  start() {
    this.seed = 100;
    this.visited = ["start"];
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.visited = [...this.visited, "a"];
    this.next(this.a1, this.a2);
  }

  @step
  a1() {
    this.a1Value = this.seed + 1;
    this.visited = [...this.visited, "a1"];
    this.next(this.joinA);
  }

  @step
  a2() {
    this.a2Value = this.seed + 2;
    this.visited = [...this.visited, "a2"];
    this.next(this.joinA);
  }

  @step
  joinA(inputs: Inputs<NestedBranchesFlow>) {
    this.aTotal = inputs.a1.a1Value + inputs.a2.a2Value;
    this.visited = [...inputs].flatMap((i) => i.visited);
    this.mergeArtifacts(inputs, { include: ["seed"] });
    this.next(this.join);
  }

  @step
  b() {
    this.bValue = this.seed * 2;
    this.visited = [...this.visited, "b"];
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<NestedBranchesFlow>) {
    this.total = inputs.joinA.aTotal + inputs.b.bValue;
    this.aTotal = inputs.joinA.aTotal;
    this.visited = [...new Set([...inputs].flatMap((i) => i.visited))].sort();
    this.mergeArtifacts(inputs, { include: ["seed"] });
    this.next(this.end);
  }

  @step
  end() {
    this.finished = `total=${this.total}`;
  }
}

main(import.meta, NestedBranchesFlow);
