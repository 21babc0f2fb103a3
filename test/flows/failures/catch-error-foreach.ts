/**
 * Failures: `@catchError` on a foreach split is refused before the run starts (as in
 * Metaflow: when it fails there is no list to split over).
 * @module
 */
import { FlowSpec, step, catchError, main, type Inputs } from "metaflow-ts";

/** CatchErrorForeachFlow: never runs. */
export default class CatchErrorForeachFlow extends FlowSpec {
  items!: number[];

  @step
  start() {
    this.next(this.split);
  }

  @catchError({ var: "failed" })
  @step
  split() {
    this.items = [1, 2];
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.next(this.join);
  }

  @step
  join(_inputs: Inputs<CatchErrorForeachFlow>) {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, CatchErrorForeachFlow);
