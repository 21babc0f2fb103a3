/**
 * Issue 9, defect 5: `@environment({ vars })` sets the variables for the step (and only it).
 * @module
 */
import { FlowSpec, step, environment, main } from "metaflow-ts";

/** EnvironmentVarsFlow: `start` sees its variables, `end` does not. */
export default class EnvironmentVarsFlow extends FlowSpec {
  seen!: string | undefined;
  other!: string | undefined;
  seenInEnd!: string | undefined;

  @environment({ vars: { MFTS_TEST_GREETING: "hello from @environment", MFTS_TEST_OTHER: "2" } })
  @step
  start() {
    this.seen = process.env["MFTS_TEST_GREETING"];
    this.other = process.env["MFTS_TEST_OTHER"];
    this.next(this.end);
  }

  @step
  end() {
    this.seenInEnd = process.env["MFTS_TEST_GREETING"];
  }
}

main(import.meta, EnvironmentVarsFlow);
