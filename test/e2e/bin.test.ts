/**
 * The `metaflow-ts` program as a shell starts it (`npx metaflow-ts`, a `bin` link): the file is
 * first a shell script that starts Node with glibc's huge-page malloc tunable added to the user's
 * own tunables (src/cli/bin.ts); arguments and the exit code pass through unchanged.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { cliBin, flowPath, makeTmpDir } from "../utils/cli.js";

interface Ran {
  readonly code: number;
  readonly output: string;
}

/** Runs the bin file itself as a program (not `node bin.js`), with this Node first on PATH. */
function runProgram(args: readonly string[], env: Record<string, string | undefined>, cwd: string): Promise<Ran> {
  const PATH = [dirname(process.execPath), process.env.PATH ?? ""].join(":");
  return new Promise((resolve) => {
    execFile(cliBin, [...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env, PATH }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

test("the program adds the huge-page malloc tunable, keeping the user's own", async () => {
  const cwd = await makeTmpDir("mfts-bin-");
  const flow = flowPath("print-tunables.ts");
  const alone = await runProgram(["run", flow, "--datastore-root", join(cwd, "a")], { GLIBC_TUNABLES: undefined }, cwd);
  assert.equal(alone.code, 0, alone.output);
  assert.match(alone.output, /tunables=\[glibc\.malloc\.hugetlb=1\]/);
  const kept = await runProgram(["run", flow, "--datastore-root", join(cwd, "b")], { GLIBC_TUNABLES: "glibc.malloc.arena_max=4" }, cwd);
  assert.equal(kept.code, 0, kept.output);
  assert.match(kept.output, /tunables=\[glibc\.malloc\.arena_max=4:glibc\.malloc\.hugetlb=1\]/);
});

test("arguments with spaces and the exit code pass through the shell line", async () => {
  const cwd = await makeTmpDir("mfts-bin-");
  const version = await runProgram(["--version"], {}, cwd);
  assert.equal(version.code, 0, version.output);
  assert.match(version.output, /^\d+\.\d+\.\d+/);
  const missing = await runProgram(["run", join(cwd, "no such flow.ts")], {}, cwd);
  assert.notEqual(missing.code, 0);
  assert.match(missing.output, /no such flow\.ts/);
});
