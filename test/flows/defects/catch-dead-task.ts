/**
 * Issue 9, defect 3: `@catchError` catches a task that timed out or whose process died.
 * `how` picks the way `risky` dies: "exit" (`process.exit(3)`) or "signal" (kills itself
 * with SIGKILL).
 * @module
 */
import { FlowSpec, step, catchError, Parameter, main } from "metaflow-ts";

/** CatchDeadTaskFlow: `end` reports what `risky` caught. */
export default class CatchDeadTaskFlow extends FlowSpec {
  how = Parameter("how", { default: "exit", help: "exit | signal" });
  failed!: { type: string; message: string } | undefined;
  report!: string;

  @step
  start() {
    this.next(this.risky);
  }

  @catchError({ var: "failed" })
  @step
  async risky() {
    if (this.how === "exit") process.exit(3);
    if (this.how === "signal") process.kill(process.pid, "SIGKILL");
    this.next(this.end);
  }

  @step
  end() {
    this.report = this.failed === undefined ? "nothing caught" : `${this.failed.type}: ${this.failed.message}`;
    console.log(`report: ${this.report}`);
  }
}

main(import.meta, CatchDeadTaskFlow);
