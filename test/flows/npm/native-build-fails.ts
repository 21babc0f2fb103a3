// A step declares a native package that cannot be built for this Node.js (ref 1.3.5 predates
// the V8 APIs of Node 12+; without a compiler it fails too).
import { FlowSpec, step, npm, main } from "metaflow-ts";

export default class NativeBuildFailsFlow extends FlowSpec {
  @npm({ packages: { ref: "1.3.5" } })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, NativeBuildFailsFlow);
