/**
 * The batch script of a Slurm job array: element i execs the task command of the i-th task.
 * Pure.
 * @module
 */

/** Quotes `s` for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A `/bin/sh` script that runs `commands[$SLURM_ARRAY_TASK_ID]`. */
export function arrayJobScript(commands: readonly (readonly string[])[]): string {
  const cases = commands.map((argv, i) => `  ${i}) exec ${argv.map(shellQuote).join(" ")} ;;`);
  return [
    "#!/bin/sh",
    "# metaflow-ts: one task per array element",
    'case "$SLURM_ARRAY_TASK_ID" in',
    ...cases,
    "esac",
    'echo "metaflow-ts: no task for array element $SLURM_ARRAY_TASK_ID" >&2',
    "exit 1",
    "",
  ].join("\n");
}
