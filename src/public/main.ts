/**
 * `main(import.meta, MyFlow)`: the last line of a flow file. It registers the flow class and,
 * when the file is run directly (`npx tsx flow.ts run`), hands the command line to the CLI.
 * @module
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { registerFlowClass, type FlowClass } from "../flow/flow-class.js";

let cliStarted = false;

/**
 * Registers `flow` as the flow of this file and runs the CLI when the file is the program's entry.
 *
 * @example
 * ```ts
 * export default class HelloFlow extends FlowSpec { ... }
 * main(import.meta, HelloFlow);   // `npx tsx hello.ts run` now works
 * ```
 */
export function main(meta: ImportMeta, flow: FlowClass): void {
  registerFlowClass(flow);
  const entry = process.argv[1];
  // Once per process: the CLI itself loads the flow's code package, which calls main() again.
  if (entry === undefined || cliStarted) return;
  let entryUrl: string;
  try {
    entryUrl = pathToFileURL(realpathSync(entry)).href;
  } catch {
    return;
  }
  if (entryUrl !== meta.url) return;
  cliStarted = true;
  const file = new URL(meta.url).pathname;
  void import("../cli/run-cli.js").then(({ runCliFromFlowFile }) => runCliFromFlowFile(file, process.argv.slice(2)));
}
