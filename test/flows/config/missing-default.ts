/** A default file that does not exist: an error, not a silent fallback. */
import { FlowSpec, step, Config, main } from "metaflow-ts";

export default class MissingDefaultFlow extends FlowSpec {
  config = Config("config", { default: "./does-not-exist.toml" });

  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, MissingDefaultFlow);
