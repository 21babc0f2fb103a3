/**
 * Failures: Ctrl-C. With INTERRUPT_DIR set, each `body` task starts a long `sleep`, writes
 * its pid to `$INTERRUPT_DIR/<index>.pid`, prints "hanging" and waits for it; without it,
 * the flow finishes at once (as a resume does).
 * @module
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FlowSpec, step, current, main, type Inputs } from "metaflow-ts";

/** InterruptibleFlow: `start -> body x2 -> join -> end`. */
export default class InterruptibleFlow extends FlowSpec {
  items!: number[];
  doubled!: number;
  results!: number[];
  startRanIn!: string;

  @step
  start() {
    this.items = [1, 2];
    this.startRanIn = current.runId;
    this.next(this.body, { foreach: "items" });
  }

  @step
  async body() {
    const dir = process.env["INTERRUPT_DIR"];
    if (dir) {
      const child = spawn("sleep", ["300"], { stdio: "ignore" });
      writeFileSync(join(dir, `${this.index}.pid`), String(child.pid));
      console.log(`hanging ${this.index} with sleep ${child.pid}`);
      await new Promise((resolve) => child.once("exit", resolve));
    }
    this.doubled = (this.input as number) * 2;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<InterruptibleFlow>) {
    this.results = inputs.map((i) => i.doubled);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, InterruptibleFlow);
