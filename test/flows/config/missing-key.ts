/** A decorator names a key its config does not have: the run fails before any task. */
import { FlowSpec, step, Config, resources, main } from "metaflow-ts";

const config = Config("config", { defaultValue: { resources: { cpu: 1, memory: 512 } } });

export default class MissingKeyFlow extends FlowSpec {
  config = config;

  @resources({ gpu: config.resources.gpu })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, MissingKeyFlow);
