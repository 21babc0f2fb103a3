/** A required config without a value; also reads any file format given on the command line. */
import { FlowSpec, step, Config, main } from "metaflow-ts";

export default class RequiredConfigFlow extends FlowSpec {
  secret = Config("secret", { required: true, help: "credentials of the data source" });

  @step
  start() {
    console.log(`secret user ${String(this.secret.user)}`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, RequiredConfigFlow);
