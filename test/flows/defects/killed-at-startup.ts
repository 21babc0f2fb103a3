/**
 * Issue 9, defect 15: `doomed` is killed while starting up (see kill-at-startup.mjs), on both
 * of its attempts; the run fails and the client must see both attempts.
 * @module
 */
import { FlowSpec, step, retry, main } from "metaflow-ts";

/** KilledAtStartupFlow: start -> doomed -> end. */
export default class KilledAtStartupFlow extends FlowSpec {
  @step
  start() {
    this.next(this.doomed);
  }

  @retry({ times: 1 })
  @step
  doomed() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, KilledAtStartupFlow);
