/**
 * The combination matrix (Metaflow's `test/core` harness): every graph shape of `graphs.ts`
 * crossed with every behaviour of `behaviours.ts` that applies to it, generated as flow files
 * into a temp dir, run through the real CLI (`--max-workers 2`, bounded concurrency), and checked
 * through the client. A successful behaviour also gets the generic checks: exit 0, the run is
 * successful, and exactly the expected tasks ran in every step.
 *
 * The matrix also runs on the S3 datastore (matrix-s3.test.ts sets `MATRIX_DATASTORE=s3`: one
 * fresh bucket per run on the server of .ci/services/10-s3.sh): a covering subset (cover.ts: every
 * shape and every behaviour at least once), or the full cross product with `MATRIX_S3_FULL=1`.
 *
 * Knobs: `MATRIX_ONLY=<regexp>` (combination ids `shape×behaviour`), `MATRIX_CONCURRENCY=N`,
 * `MATRIX_S3_FULL=1` (the whole cross product on S3),
 * `KEEP_TMP=1` (keep the generated flows; a failing test prints its flow file). To read the
 * generated flows: `node --import tsx test/matrix/generate.ts DIR`.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import ts from "typescript";
import { limiter, makeTmpDir, repoRoot, RUN_CONCURRENCY, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, openRun, tasksOf, type ClientTask } from "../utils/client.js";
import { coveringSubset } from "./cover.js";
import { generate, type Combination, type Skipped } from "./generate.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";

/** Where the runs are stored: `local` (a temp directory) or `s3`. */
const datastore = process.env["MATRIX_DATASTORE"] === "s3" ? "s3" : "local";
const skipAll = datastore === "s3" ? s3Service.skip : false;

/** Combinations that expose a known runtime bug: id -> reason (each is reported as a todo). */
const TODO: Readonly<Record<string, string>> = {};

/** Runs at once (`MATRIX_CONCURRENCY` overrides; default as every e2e file: 2..4 by cores). */
const concurrency = Number(process.env["MATRIX_CONCURRENCY"] ?? RUN_CONCURRENCY);
const limit = limiter(concurrency);
const started = Date.now();
let runMs = 0;
const dir = join(await makeTmpDir("mfts-matrix-"), "flows");
const generated: { combos: Combination[]; skipped: Skipped[] } = await generate(dir);
/** `MATRIX_ONLY=<regexp>` runs only the combinations whose id (`shape×behaviour`) matches. */
const only = process.env["MATRIX_ONLY"] === undefined ? undefined : new RegExp(process.env["MATRIX_ONLY"]);
/** On S3, a covering subset unless `MATRIX_S3_FULL=1` (locally, always everything). */
const fullMatrix = datastore === "local" || process.env["MATRIX_S3_FULL"] === "1";
const selected = fullMatrix ? generated.combos : coveringSubset(generated.combos);
const combos = skipAll ? [] : selected.filter((c) => only === undefined || only.test(c.id));
const { skipped } = generated;
const runs = new Map<string, Promise<FlowRunResult>>(
  combos.map((c) => [
    c.id,
    limit(async () => {
      const t0 = Date.now();
      // On S3 every task also loads the AWS SDK: a more generous limit (not a measurement).
      const where = datastore === "s3" ? { datastoreRoot: await freshS3Root(), env: s3Env(), timeoutMs: 300_000 } : {};
      const r = await runFlow(c.file, [...(c.behaviour.args ?? [])], { maxWorkers: 2, ...where });
      runMs += Date.now() - t0;
      return r;
    }),
  ]),
);

/** Runs the generic checks and the behaviour's checker on a combination's finished run. */
async function checkCombination(c: Combination): Promise<void> {
  const r = await runs.get(c.id)!;
  if (!c.behaviour.expectFailure) assertSucceeded(r);
  const run = await openRun(c.flowName, r);
  const tasks = new Map<string, ClientTask[]>();
  for (const s of c.graph.steps) tasks.set(s.name, await tasksOf(run, s.name));
  if (!c.behaviour.expectFailure) {
    assert.equal(run.successful, true, "the run is successful");
    for (const s of c.graph.steps) {
      const ts = tasks.get(s.name)!;
      assert.equal(ts.length, c.graph.expectTasks[s.name] ?? 0, `tasks of step ${s.name}`);
      for (const t of ts) assert.ok(t.successful, `${t.pathspec} succeeded`);
    }
  }
  await c.behaviour.check({ graph: c.graph, flowName: c.flowName, result: r, run, tasks });
}

describe(`combination matrix: graph shapes × behaviours (${datastore} datastore)`, { skip: skipAll }, () => {
  before(() => {
    console.log(`matrix: ${combos.length} combinations, ${skipped.length} skipped (${skipped.map((s) => `${s.id}: ${s.reason}`).join("; ")})`);
    if (!fullMatrix) console.log(`matrix on S3: the covering subset of ${selected.length} of ${generated.combos.length} combinations (every shape and behaviour at least once; MATRIX_S3_FULL=1 runs all): ${selected.map((c) => c.id).join(", ")}`);
  });
  after(() => {
    console.log(`matrix: ${combos.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s (${concurrency} at a time; ${(runMs / 1000).toFixed(1)} s of run time in all)`);
  });

  for (const c of combos) {
    const todo = TODO[c.id];
    test(c.id, todo === undefined ? {} : { todo }, async (t) => {
      try {
        await checkCombination(c);
      } catch (e) {
        t.diagnostic(`flow file: ${c.file}`);
        throw e;
      }
    });
  }

  // Last: it blocks the event loop for a few seconds, which would delay starting runs. The flows
  // are the same whatever the datastore: checked once, by the local matrix.
  test("every generated flow type-checks (strict) against the public API", { skip: datastore === "s3" ? "the same flows are type-checked by the local matrix" : false }, () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { "metaflow-ts": [join(repoRoot, "dist", "public", "index.d.ts")] },
    };
    const program = ts.createProgram(combos.map((c) => c.file), options);
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
    assert.equal(diagnostics.length, 0, ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" }));
  });
});
