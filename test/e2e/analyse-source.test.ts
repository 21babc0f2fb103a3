/**
 * The analysis of a flow's source in a short-lived process (built: `npm run build`, as that
 * process's entry is a file of dist/): the result is the one an analysis here gives, and the
 * TypeScript parser is never loaded into this process (a run would otherwise keep it, ~40 MiB of
 * RSS, to its end).
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { flowPath, repoRoot } from "../utils/cli.js";

const { analyseHere, analyseSource } = (await import(join(repoRoot, "dist", "loader", "analyse-source.js"))) as typeof import("../../src/loader/analyse-source.js");

/** Whether this process has loaded the `typescript` package. */
const parserLoaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((k) => /[/\\]node_modules[/\\]typescript[/\\]/.test(k));

test("a source analysed apart: same graph and findings, no parser in this process", async () => {
  const text = await readFile(flowPath("foreach.ts"), "utf8");
  const lintText = await readFile(flowPath("lint/join-is-split.ts"), "utf8");
  assert.equal(parserLoaded(), false, "nothing loaded the parser before the test");
  const apart = await analyseSource(text, "flows/foreach.ts", "apart");
  const findingsApart = await analyseSource(lintText, "flows/join-is-split.ts", "apart");
  assert.equal(parserLoaded(), false, "the parser ran in another process");
  assert.equal(apart.graph?.flowName, "ForeachFlow");
  assert.ok(findingsApart.diagnostics.some((d) => d.severity === "error"), "lint findings come back from that process");
  // The same analysis here (which does load the parser) gives the same data.
  assert.deepEqual(apart, JSON.parse(JSON.stringify(analyseHere(text, "flows/foreach.ts"))));
  assert.deepEqual(findingsApart, JSON.parse(JSON.stringify(analyseHere(lintText, "flows/join-is-split.ts"))));
  assert.equal(parserLoaded(), true);
});
