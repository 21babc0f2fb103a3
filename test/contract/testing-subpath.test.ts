/**
 * DESIGN.md §5 lists `src/public/testing.ts`: `metaflow-ts/testing` gives plugin authors the
 * conformance suites the built-in backends pass (test/conformance/ runs them through this subpath).
 * It is the only entry point that loads node:test: the import graphs of the other public entry points
 * (what a flow, the client, the Runner or a plugin loads) never reach it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import * as testing from "metaflow-ts/testing";
import { repoRoot } from "../utils/cli.js";

test("metaflow-ts/testing exports the storage, metadata and compute suites and the compute suite's flows, shipped with the package", () => {
  assert.equal(typeof testing.storageConformance, "function");
  assert.equal(typeof testing.metadataConformance, "function");
  assert.equal(typeof testing.computeConformance, "function");
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { exports: Record<string, unknown>; files: string[] };
  assert.deepEqual(pkg.exports["./testing"], { types: "./dist/public/testing.d.ts", default: "./dist/public/testing.js" });
  for (const flow of Object.values(testing.conformanceFlows)) {
    assert.ok(existsSync(flow), flow);
    assert.ok(pkg.files.some((f) => flow.startsWith(join(repoRoot, f))), `${flow} is in the package's files`);
  }
});

/** The node built-ins an entry point of dist/ reaches, static and dynamic imports followed (esbuild's metafile). */
async function builtinsReached(entry: string): Promise<Set<string>> {
  const result = await build({ entryPoints: [join(repoRoot, "dist", entry)], bundle: true, write: false, metafile: true, platform: "node", format: "esm", packages: "external", logLevel: "silent", outdir: "out" });
  const reached = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) for (const i of input.imports) if (i.external) reached.add(i.path);
  return reached;
}

test("only metaflow-ts/testing loads node:test; the other entry points never reach it", async () => {
  assert.ok((await builtinsReached("public/testing.js")).has("node:test"), "the check can see node:test");
  for (const entry of ["public/index.js", "public/client.js", "public/runner.js", "public/plugin.js", "public/cards.js"]) {
    const reached = await builtinsReached(entry);
    assert.ok(reached.has("node:fs") || reached.has("fs") || reached.size > 0, `${entry}: the check sees its imports`);
    assert.ok(!reached.has("node:test") && !reached.has("test"), `${entry} reaches node:test`);
  }
});
