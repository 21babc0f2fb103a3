/**
 * Matrix: a foreach inside one case of a switch.
 * `start -> {many: fanOut | none: skip}; fanOut -> body* -> join -> after; skip -> after; after -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** ForeachInSwitchFlow: takes `many`, squares three numbers in a foreach, `skip` never runs. */
export default class ForeachInSwitchFlow extends FlowSpec {
  route!: string;
  items!: number[];
  square!: number;
  squares!: number[];
  outcome!: string;

  @step
  start() {
    this.route = "many";
    this.next({ many: this.fanOut, none: this.skip }, { condition: "route" });
  }

  @step
  fanOut() {
    this.items = [1, 2, 3];
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.square = (this.input as number) ** 2;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ForeachInSwitchFlow>) {
    this.squares = inputs.map((i) => i.square);
    this.outcome = "fanned out";
    this.next(this.after);
  }

  @step
  skip() {
    this.squares = [];
    this.outcome = "skipped";
    this.next(this.after);
  }

  @step
  after() {
    this.outcome = `${this.outcome}: ${this.squares.length}`;
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.outcome);
  }
}

main(import.meta, ForeachInSwitchFlow);
