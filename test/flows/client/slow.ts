/** A flow whose `wait` step sleeps (SLOW_MS, default 30 s): for cancelling a run. */
import { FlowSpec, step, main } from "metaflow-ts";

export default class SlowFlow extends FlowSpec {
  @step
  start() {
    this.next(this.wait);
  }

  @step
  async wait() {
    console.log("waiting");
    await new Promise((resolve) => setTimeout(resolve, Number(process.env["SLOW_MS"] ?? 30_000)));
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SlowFlow);
