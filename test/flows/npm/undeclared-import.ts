// Imports a package that the project does not have and no step declares (a typo, a missing install).
// @ts-expect-error -- the package does not exist anywhere: that is the point
import missing from "metaflow-ts-test-not-installed-7d2e";
import { FlowSpec, step, main } from "metaflow-ts";

export default class UndeclaredImportFlow extends FlowSpec {
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {
    void missing;
  }
}

main(import.meta, UndeclaredImportFlow);
