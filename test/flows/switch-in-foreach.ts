/**
 * Matrix: a switch inside a foreach body.
 * `start -> body* -> {even: evenStep | odd: oddStep} -> collect -> join -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** SwitchInForeachFlow: even numbers are multiplied by 10, odd numbers get 100 added. */
export default class SwitchInForeachFlow extends FlowSpec {
  nums!: number[];
  n!: number;
  parity!: string;
  result!: number;
  branch!: string;
  results!: number[];
  branches!: string[];

  @step
  start() {
    this.nums = [1, 2, 3, 4];
    this.next(this.body, { foreach: "nums" });
  }

  @step
  body() {
    this.n = this.input as number;
    this.parity = this.n % 2 === 0 ? "even" : "odd";
    this.next({ even: this.evenStep, odd: this.oddStep }, { condition: "parity" });
  }

  @step
  evenStep() {
    this.result = this.n * 10;
    this.branch = "even";
    this.next(this.collect);
  }

  @step
  oddStep() {
    this.result = this.n + 100;
    this.branch = "odd";
    this.next(this.collect);
  }

  @step
  collect() {
    this.branch = `${this.branch}@${this.index}`;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<SwitchInForeachFlow>) {
    this.results = inputs.map((i) => i.result);
    this.branches = inputs.map((i) => i.branch);
    this.next(this.end);
  }

  @step
  end() {
    console.log(`results ${this.results.join(",")}`);
  }
}

main(import.meta, SwitchInForeachFlow);
