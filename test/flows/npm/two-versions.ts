// Two steps import two versions of one package (is-number 6.0.0 and 7.0.0, told apart by the
// exported function's name: `isNumber` in 6, anonymous in 7), with a static import at the top of
// the file and an `await import()` in a step; a step without the package cannot use it.
import isNumber from "is-number";
import { FlowSpec, step, npm, main } from "metaflow-ts";

export default class TwoVersionsFlow extends FlowSpec {
  startName!: string;
  middleName!: string;
  dynamicIsStatic!: boolean;
  endError!: string;

  @npm({ packages: { "is-number": "6.0.0" } })
  @step
  start() {
    this.startName = `[${isNumber.name}] ${isNumber("12")}`;
    this.next(this.middle);
  }

  @npm({ packages: { "is-number": "7.0.0" } })
  @step
  async middle() {
    const dynamic = await import("is-number");
    this.middleName = `[${dynamic.default.name}] ${dynamic.default("12")}`;
    this.dynamicIsStatic = dynamic.default === isNumber;
    this.next(this.end);
  }

  @step
  end() {
    try {
      isNumber(1);
      this.endError = "none";
    } catch (e) {
      this.endError = (e as Error).message;
    }
  }
}

main(import.meta, TwoVersionsFlow);
