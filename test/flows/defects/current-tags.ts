/**
 * Issue 9, defect 10: `current.tags` holds the user's tags only (system tags are separate).
 * @module
 */
import { FlowSpec, step, current, main } from "metaflow-ts";

/** CurrentTagsFlow: `start` records `current.tags`. */
export default class CurrentTagsFlow extends FlowSpec {
  tags!: string[];

  @step
  start() {
    this.tags = [...current.tags];
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, CurrentTagsFlow);
