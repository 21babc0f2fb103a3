/**
 * The test command of `npm test`: every `test/<folder>/<name>.test.ts`, two files at a time, with
 * the spec reporter, the known-long files first. (`node --test FILES` sorts its files by path, so
 * a long file whose path sorts late, such as test/metaflow-core/core.test.ts, started last and
 * stretched the end of the run while the other slot sat idle.) Every test file runs: the list below
 * only moves files to the front, and a file that is not in it (a new one) runs after them.
 *
 * Run as `node --import tsx scripts/run-tests.ts [FILE...]`: each test file gets its own process
 * with this process's `--import tsx`. With FILEs, only those run, in the order given.
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { fileURLToPath } from "node:url";

/** Files to start first, longest first (from the per-test durations of a CI run; a guide, not a rule). */
export const longFirst: readonly string[] = [
  "test/metaflow-core/core.test.ts",
  "test/conformance/compute.test.ts",
  "test/e2e/compute-kubernetes.test.ts",
  "test/matrix/matrix.test.ts",
  // After the matrix: well after the compute conformance suite, the other file with Slurm jobs, has ended.
  "test/e2e/compute-slurm.test.ts",
  "test/matrix/matrix-s3.test.ts",
  "test/deploy/argo-equivalence.test.ts",
  "test/e2e/npm-environments.test.ts",
  "test/ui/browser.test.ts",
  "test/e2e/configs.test.ts",
  "test/metadata-service/team-mode.test.ts",
  "test/deploy/argo-api.test.ts",
  "test/e2e/failures-retry.test.ts",
  "test/e2e/resume.test.ts",
  "test/unit/large-blob.test.ts",
];

/** Every `test/<folder>/<name>.test.ts` under `root` (relative, `/`-separated), the files of {@link longFirst} first, the rest by path. */
export function orderedTestFiles(root: string): string[] {
  const testDir = join(root, "test");
  const all = readdirSync(testDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .flatMap((d) => readdirSync(join(testDir, d.name)).filter((f) => f.endsWith(".test.ts") && !f.startsWith(".")).map((f) => `test/${d.name}/${f}`))
    .sort();
  const first = longFirst.filter((f) => all.includes(f));
  return [...first, ...all.filter((f) => !first.includes(f))];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), "..", "..");
  const asked = process.argv.slice(2);
  const missing = asked.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    process.stderr.write(`No such test file: ${missing.join(", ")}\n`);
    process.exit(2);
  }
  const files = asked.length > 0 ? asked.map((f) => resolve(f)) : orderedTestFiles(root).map((f) => join(root, f));
  process.stderr.write(`running ${files.length} test files, 2 at a time: ${files.slice(0, 4).map((f) => relative(root, f)).join(", ")}, ...\n`);
  const stream = run({ files, concurrency: 2 });
  // As `node --test`: a failing test fails the command, unless it is marked todo (or skipped).
  stream.on("test:fail", (data: { todo?: string | boolean; skip?: string | boolean }) => {
    if (!data.todo && !data.skip) process.exitCode = 1;
  });
  stream.compose(new spec()).pipe(process.stdout);
}
