/**
 * Benchmark flow B1: four trivial tasks in a line, each storing one small artifact.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

export default class LinearBenchFlow extends FlowSpec {
  count!: number;

  @step
  start() {
    this.count = 1;
    this.next(this.a);
  }

  @step
  a() {
    this.count += 1;
    this.next(this.b);
  }

  @step
  b() {
    this.count += 1;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, LinearBenchFlow);
