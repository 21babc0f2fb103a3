/**
 * `metaflow-ts runs FLOW | head`: when the reader of our output goes away, the command ends
 * quietly (as `git log | head` does) instead of dying on EPIPE with a stack trace.
 * @module
 */

/** Makes a closed stdout or stderr end the process quietly with the current exit code. */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
