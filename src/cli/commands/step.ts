/**
 * `metaflow-ts step FLOW STEP --run-id ...`: run one task (internal; the scheduler and remote
 * executors call it). `bin.ts` dispatches it before loading the CLI; this registration
 * makes it reachable through `runCli` too.
 * @module
 */
import type { Command } from "commander";
import type { CliContext } from "../command-io.js";

/** Registers the hidden `step` command. */
export function registerStep(program: Command, ctx: CliContext): void {
  program
    .command("step", { hidden: true })
    .description("run one task (internal)")
    .allowUnknownOption()
    .helpOption(false)
    .argument("<args...>")
    .action(async (args: string[]) => {
      const { taskMain } = await import("../../task/entry.js");
      ctx.setExit(await taskMain(args));
    });
}
