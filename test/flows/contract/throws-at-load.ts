/**
 * A flow file whose top level throws while it loads (line 8): the error must name this file and line,
 * without the runtime's stack frames.
 */
import { FlowSpec, step, main } from "metaflow-ts";

const settings = undefined as unknown as { depth: number };
const depth = settings.depth;

export default class ThrowsAtLoadFlow extends FlowSpec {
  depth = depth;

  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ThrowsAtLoadFlow);
