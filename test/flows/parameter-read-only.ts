/**
 * Behaviour: assigning to a parameter inside a step throws, naming the parameter.
 * @module
 */
import { FlowSpec, step, Parameter, main } from "metaflow-ts";

/** ParameterReadOnlyFlow: `start` tries to overwrite `limit`. */
export default class ParameterReadOnlyFlow extends FlowSpec {
  limit = Parameter("limit", { default: 3, help: "a limit that must not change" });

  @step
  start() {
    this.limit = 10;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ParameterReadOnlyFlow);
