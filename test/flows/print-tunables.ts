/**
 * Prints the glibc tunables its task sees (test/e2e/bin.test.ts: the `metaflow-ts` program adds
 * the huge-page malloc tunable to whatever the user set) and the Node options it was started with
 * (a task thread inherits the scheduler's: the program caps V8's semi-spaces).
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** PrintTunablesFlow: one line with `GLIBC_TUNABLES`, one with Node's `execArgv`. */
export default class PrintTunablesFlow extends FlowSpec {
  @step
  start() {
    console.log(`tunables=[${process.env.GLIBC_TUNABLES ?? ""}]`);
    console.log(`execArgv=[${process.execArgv.join(" ")}]`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, PrintTunablesFlow);
