/**
 * Prints the glibc tunables its task sees (test/e2e/bin.test.ts: the `metaflow-ts` program adds
 * the huge-page malloc tunable to whatever the user set).
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** PrintTunablesFlow: one line with `GLIBC_TUNABLES`. */
export default class PrintTunablesFlow extends FlowSpec {
  @step
  start() {
    console.log(`tunables=[${process.env.GLIBC_TUNABLES ?? ""}]`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, PrintTunablesFlow);
