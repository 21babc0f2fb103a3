// A step declares a package that does not exist in the registry.
import { FlowSpec, step, npm, main } from "metaflow-ts";

export default class UnknownPackageFlow extends FlowSpec {
  @npm({ packages: { "metaflow-ts-test-no-such-package-4f1c": "1.0.0" } })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, UnknownPackageFlow);
