/**
 * Matrix: linear graph `start -> middle -> end`.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** LinearFlow: each step derives a value from the previous one and extends `trail`. */
export default class LinearFlow extends FlowSpec {
  a!: number;
  b!: number;
  c!: number;
  trail!: string[];

  @step
  start() {
    this.a = 1;
    this.trail = ["start"];
    this.next(this.middle);
  }

  @step
  middle() {
    this.b = this.a + 1;
    this.trail = [...this.trail, "middle"];
    this.next(this.end);
  }

  @step
  end() {
    this.c = this.b * 2;
    this.trail = [...this.trail, "end"];
    console.log(`linear c=${this.c}`);
  }
}

main(import.meta, LinearFlow);
