/** default and defaultValue together: refused when the flow loads. */
import { FlowSpec, step, Config, main } from "metaflow-ts";

export default class BothDefaultsFlow extends FlowSpec {
  config = Config("config", { default: "./good.yaml", defaultValue: { a: 1 } });

  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, BothDefaultsFlow);
