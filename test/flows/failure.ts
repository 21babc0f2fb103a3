/**
 * Behaviour: a step throws; the run fails, naming the task, and the stack trace points at
 * this file's line.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** FailureFlow: `boom` prints a line, then throws. `end` never runs. */
export default class FailureFlow extends FlowSpec {
  before!: string;

  @step
  start() {
    this.before = "ok";
    this.next(this.boom);
  }

  @step
  boom() {
    console.log("about to fail");
    explode("kaboom: deliberate failure");
    this.next(this.end);
  }

  @step
  end() {
    console.log("unreachable");
  }
}

/** Throws; kept in a helper so the stack has a frame below the step. */
function explode(message: string): never {
  throw new Error(message);
}

main(import.meta, FailureFlow);
