/** A config whose file does not match its zod schema. */
import { FlowSpec, step, Config, main } from "metaflow-ts";
import { z } from "zod";

export default class SchemaConfigFlow extends FlowSpec {
  config = Config("config", {
    default: "./schema-bad.yaml",
    schema: z.object({ model: z.object({ rate: z.number(), name: z.string() }), epochs: z.number().int() }),
  });

  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SchemaConfigFlow);
