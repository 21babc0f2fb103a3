/**
 * Failures: `@timeout`. `slow` starts a long `sleep` (a grandchild of the scheduler), writes
 * its pid to `--pidFile`, and waits for it: the time limit must kill both.
 * @module
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { FlowSpec, step, timeout, Parameter, main } from "metaflow-ts";

/** TimeoutFlow: `slow` never finishes within its 2 seconds. */
export default class TimeoutFlow extends FlowSpec {
  pidFile = Parameter("pidFile", { type: "string", required: true, help: "where slow writes its child's pid" });

  @step
  start() {
    this.next(this.slow);
  }

  @timeout({ seconds: 2 })
  @step
  async slow() {
    const child = spawn("sleep", ["300"], { stdio: "ignore" });
    writeFileSync(this.pidFile, String(child.pid));
    console.log(`started sleep ${child.pid}`);
    await new Promise((resolve) => child.once("exit", resolve));
    this.next(this.end);
  }

  @step
  end() {
    console.log("unreachable");
  }
}

main(import.meta, TimeoutFlow);
