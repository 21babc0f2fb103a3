/**
 * Failures: `@timeout` counts the step's own time. Loading this flow takes 1.5 seconds (its
 * module blocks while it is evaluated, like a heavy import would), longer than `work`'s limit of
 * 1 second; `work` itself finishes at once, so it must not time out.
 * @module
 */
import { FlowSpec, step, timeout, main } from "metaflow-ts";

// A slow module load: blocks this thread for 1.5 s, every time the module is evaluated.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);

/** TimeoutSlowLoadFlow: a quick step behind a slow import. */
export default class TimeoutSlowLoadFlow extends FlowSpec {
  answer!: number;

  @step
  start() {
    this.next(this.work);
  }

  @timeout({ seconds: 1 })
  @step
  work() {
    this.answer = 42;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TimeoutSlowLoadFlow);
