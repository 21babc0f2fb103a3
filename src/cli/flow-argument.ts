/**
 * Finding the flow file in the arguments of `run` before the command line is parsed (the flow's
 * parameters become options, and the first task thread is started early). Kept apart from the
 * commands so that reading it loads nothing else.
 * @module
 */

/** Options that take two values (NAME and FILE/JSON): `--config`, `--config-value`. */
export const configPairOptions: ReadonlySet<string> = new Set(["--config", "--config-value"]);
/** Config options that take one value: `--config-override`. */
export const configValueOptions: ReadonlySet<string> = new Set(["--config-override"]);
/** Options of `run` and `resume` that take one value. */
export const runValueOptions: ReadonlySet<string> = new Set(["--plugin", "--max-workers", "--max-num-splits", "--tag", "--with", "--run-id-file", "--datastore-root", "--metadata-url", "--origin-run-id", "--progress", "--progress-interval", "--branch"]);

/** The flow file of `run [options] FLOW` (`args` without `run`): the first argument that is not an option or its value. */
export function findFlowArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") return args[i + 1];
    if (a.startsWith("-")) {
      if (runValueOptions.has(a) || configValueOptions.has(a)) i++;
      else if (configPairOptions.has(a)) i += 2;
      continue;
    }
    return a;
  }
  return undefined;
}
