// A step declares a version of a real package that was never published.
import { FlowSpec, step, npm, main } from "metaflow-ts";

export default class UnknownVersionFlow extends FlowSpec {
  @npm({ packages: { "is-number": "99.0.0" } })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, UnknownVersionFlow);
