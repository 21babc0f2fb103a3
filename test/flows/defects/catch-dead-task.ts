/**
 * Issue 9, defect 3: `@catchError` catches a task that timed out or whose process died.
 * `how` picks the way `risky` dies: "timeout" (sleeps past its one-second @timeout),
 * "exit" (`process.exit(3)`) or "signal" (kills itself with SIGKILL).
 * @module
 */
import { FlowSpec, step, catchError, timeout, Parameter, main } from "metaflow-ts";

/** CatchDeadTaskFlow: `end` reports what `risky` caught. */
export default class CatchDeadTaskFlow extends FlowSpec {
  how = Parameter("how", { default: "exit", help: "timeout | exit | signal" });
  failed!: { type: string; message: string } | undefined;
  report!: string;

  @step
  start() {
    this.next(this.risky);
  }

  @catchError({ var: "failed" })
  @timeout({ seconds: 1 })
  @step
  async risky() {
    if (this.how === "timeout") await new Promise((resolve) => setTimeout(resolve, 60_000));
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
