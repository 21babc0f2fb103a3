/**
 * The body of the `metaflow-ts` executable (bin.ts loads it). `step` (the task entry) is dispatched
 * before anything else is loaded, so a task process starts without the CLI framework, the
 * TypeScript parser or esbuild. The build bundles this file and its static imports into
 * dist/cli-bundle/ (scripts/bundle-cli.mjs); the lazily imported parts stay separate chunks. A `run`
 * starts its first task thread before loading the rest (cli/run-prestart.ts).
 * @module
 */

const args = process.argv.slice(2);
if (args[0] === "step") {
  process.setSourceMapsEnabled(true);
  const [{ taskMain }, { describeCrash }] = await Promise.all([import("../task/entry.js"), import("../errors.js")]);
  const code = await taskMain(args.slice(1)).catch((e: unknown) => {
    process.stderr.write(`metaflow-ts task crashed: ${describeCrash(e)}\n`);
    return 202;
  });
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
} else if (args[0] === "argo-workflows" && ["init", "step", "finish"].includes(args[1] ?? "")) {
  // The commands of a deployed run's containers: fast start, exit even if user code left handles open.
  process.setSourceMapsEnabled(true);
  const { argoContainerMain } = await import("./argo-container.js");
  const code = await argoContainerMain(args.slice(1)).catch((e: unknown) => {
    process.stderr.write(`metaflow-ts argo-workflows ${args[1]} failed: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  });
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
} else {
  // `run FLOW`: the first task thread boots on another core while the rest of the CLI loads.
  if (args[0] === "run") (await import("./run-prestart.js")).prestartRunThread(args);
  const { exitQuietlyOnClosedPipe } = await import("./closed-pipe.js");
  exitQuietlyOnClosedPipe(); // `metaflow-ts runs ... | head`
  const { runCli } = await import("./run-cli.js");
  process.exitCode = await runCli(args);
  // A run that returned has nothing left to do: exit now (once the output is written) instead of
  // waiting for its task thread's isolate to be torn down and then freeing the heaps one page at a time.
  if (args[0] === "run" || args[0] === "resume") process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}
