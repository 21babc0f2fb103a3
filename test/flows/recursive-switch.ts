/**
 * Matrix: a step that loops to itself through a switch.
 * `start -> loop -> {again: loop | done: after} -> end`.
 * @module
 */
import { FlowSpec, step, Parameter, main } from "metaflow-ts";

/** RecursiveSwitchFlow: `loop` runs `--target` times (default 5). */
export default class RecursiveSwitchFlow extends FlowSpec {
  target = Parameter("target", { default: 5, help: "how many times loop runs" });
  count!: number;
  state!: string;
  seen!: number[];
  summary!: string;

  @step
  start() {
    this.count = 0;
    this.seen = [];
    this.next(this.loop);
  }

  @step
  loop() {
    this.count += 1;
    this.seen = [...this.seen, this.count];
    this.state = this.count < this.target ? "again" : "done";
    console.log(`loop ${this.count}`);
    this.next({ again: this.loop, done: this.after }, { condition: "state" });
  }

  @step
  after() {
    this.summary = `looped ${this.count} times`;
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.summary);
  }
}

main(import.meta, RecursiveSwitchFlow);
