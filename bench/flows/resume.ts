/**
 * Benchmark flow B5: four linear steps; the third (`fragile`) throws while the environment
 * variable `BENCH_FAIL` is `1`. The bench runs it once failing, then times `resume` without it.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

export default class ResumeBenchFlow extends FlowSpec {
  value!: number;

  @step
  start() {
    this.value = 1;
    this.next(this.prepare);
  }

  @step
  prepare() {
    this.value += 1;
    this.next(this.fragile);
  }

  @step
  fragile() {
    if (process.env.BENCH_FAIL === "1") throw new Error("failing on purpose (BENCH_FAIL=1)");
    this.value += 1;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ResumeBenchFlow);
