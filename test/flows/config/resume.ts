/** Fails in `body` while CONFIG_TEST_FAIL=1; a resume keeps the configs of the run it resumes. */
import { FlowSpec, step, Config, main } from "metaflow-ts";

export default class ConfigResumeFlow extends FlowSpec {
  config = Config("config", { defaultValue: { label: "from-default" } });
  seen!: string;

  @step
  start() {
    this.next(this.body);
  }

  @step
  body() {
    if (process.env["CONFIG_TEST_FAIL"] === "1") throw new Error("failing on purpose");
    this.seen = String(this.config.label);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ConfigResumeFlow);
