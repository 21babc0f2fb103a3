/**
 * Failures: `@catchError` on a switch step is refused before the run starts.
 * @module
 */
import { FlowSpec, step, catchError, main } from "metaflow-ts";

/** CatchErrorSwitchFlow: never runs. */
export default class CatchErrorSwitchFlow extends FlowSpec {
  mode!: string;

  @catchError({ var: "failed" })
  @step
  start() {
    this.mode = "a";
    this.next({ a: this.pathA, b: this.pathB }, { condition: "mode" });
  }

  @step
  pathA() {
    this.next(this.end);
  }

  @step
  pathB() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, CatchErrorSwitchFlow);
