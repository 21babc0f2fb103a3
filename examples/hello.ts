/**
 * The smallest useful flow: a parameter, three steps in a line, and artifacts.
 *
 *   npx metaflow-ts run examples/hello.ts --name Ada
 *
 * @module
 */
import { FlowSpec, step, Parameter, current, main } from "metaflow-ts";

/**
 * HelloFlow greets someone in three linear steps.
 *
 * `start` builds a greeting from the `name` parameter, `shout` upper-cases it,
 * and `end` prints where it ran.
 */
export default class HelloFlow extends FlowSpec {
  /** Who to greet (`--name`). */
  name = Parameter("name", { default: "world", help: "who to greet" });

  /** How many exclamation marks to add (`--excitement`). */
  excitement = Parameter("excitement", { default: 1, help: "how many exclamation marks" });

  /** The greeting built in `start`. */
  greeting!: string;
  /** The upper-cased greeting built in `shout`. */
  loud!: string;

  /** Builds the greeting. */
  @step
  start() {
    this.greeting = `Hello, ${this.name}${"!".repeat(this.excitement)}`;
    console.log(this.greeting);
    this.next(this.shout);
  }

  /** Upper-cases the greeting: artifacts from `start` are available here. */
  @step
  shout() {
    this.loud = this.greeting.toUpperCase();
    console.log(this.loud);
    this.next(this.end);
  }

  /** Prints where this task ran. */
  @step
  end() {
    console.log(`${current.flowName} run ${current.runId} said "${this.loud}" (task ${current.pathspec})`);
  }
}

main(import.meta, HelloFlow);
