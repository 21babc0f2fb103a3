/**
 * Where commands write: stdout for results, stderr for diagnostics.
 * @module
 */

/** Output sinks of a command. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** The process's stdout and stderr. */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
