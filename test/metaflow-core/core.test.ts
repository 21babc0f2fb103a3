/**
 * Metaflow's core test harness, in TypeScript: every graph of `graphs.ts` crossed with every
 * test (`tests-*.ts`) that applies to it (`formatter.ts` decides, as Metaflow's formatter
 * does), each pair written as a flow file, run through the CLI (with Metaflow's local run
 * options: unicode tags, METAFLOW_USER=tester), and checked through the client and the CLI (the
 * built CLI's commands, run in one worker thread per pair: checker.ts).
 * What does not run is listed, with the reason, in `skips.ts`.
 *
 * Knobs: `CORE_ONLY=<regexp>` (pair ids `Test@graph`), `CORE_HEAVY=1` (also the heavy tests),
 * `KEEP_TMP=1` (keep the generated flows).
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeResult, limiter, makeTmpDir, RUN_CONCURRENCY, runFlow, type FlowRunResult } from "../utils/cli.js";
import { Checker } from "./checker.js";
import type { CoreTest } from "./core-test.js";
import { formatFlow } from "./formatter.js";
import { graphs, type GraphDef } from "./graphs.js";
import { heavy, notPorted, unbuilt, unbuiltGraphs } from "./skips.js";
import { artifactTests } from "./tests-artifacts.js";
import { paramTests } from "./tests-params.js";
import { tagTests } from "./tests-tags.js";
import { runtimeTests2 } from "./tests-runtime-2.js";
import { resumeTests2 } from "./tests-resume-2.js";
import { configTests } from "./tests-config.js";
import { resumeTests } from "./tests-resume.js";
import { runtimeTests } from "./tests-runtime.js";
import { switchTests } from "./tests-switch.js";
import { projectTests } from "./tests-project.js";
import { cardTests } from "./tests-cards.js";
import { s3Tests } from "./tests-s3.js";
import { pairSkip, pairStorage } from "./pair-storage.js";

/** `CORE_HEAVY=1` also runs the heavy tests (see `heavy` in skips.ts). */
const tests: readonly CoreTest[] = [...artifactTests, ...runtimeTests, ...switchTests, ...resumeTests, ...projectTests, ...cardTests, ...s3Tests, ...paramTests, ...tagTests, ...runtimeTests2, ...resumeTests2, ...configTests].filter((t) => process.env["CORE_HEAVY"] === "1" || heavy[t.name] === undefined);
const only = process.env["CORE_ONLY"] === undefined ? undefined : new RegExp(process.env["CORE_ONLY"]);
const dir = await makeTmpDir("mfts-core-");
const limit = limiter(RUN_CONCURRENCY);
/** A safety net for a hung run, not a speed requirement (a shared, loaded machine is slow). */
const runTimeoutMs = 900_000;

interface Pair {
  readonly id: string;
  readonly graph: GraphDef;
  readonly test: CoreTest;
  readonly flowName: string;
  readonly file: string;
  /** Why the pair cannot run here (its server is missing), or false. */
  readonly skip: string | false;
  /** The run to check (for a resume test: the resumed run), and the first run. */
  readonly result: Promise<{ readonly run: FlowRunResult; readonly first: FlowRunResult }>;
}

/** Runs a pair: `run`, then for a resume test `resume [step]` of that run. */
async function runPair(t: CoreTest, file: string, args: readonly string[]): Promise<{ run: FlowRunResult; first: FlowRunResult }> {
  const storage = await pairStorage(t);
  const env = { METAFLOW_USER: "tester", ...storage.env };
  const first = await runFlow(file, args, { maxWorkers: 4, env, timeoutMs: runTimeoutMs, ...(storage.datastoreRoot === undefined ? {} : { datastoreRoot: storage.datastoreRoot }) });
  if (t.resume === undefined || first.runId === undefined) return { run: first, first };
  const again = [...(t.resume.step === undefined ? [] : [t.resume.step]), "--origin-run-id", first.runId, ...args.filter((a, i) => a !== "--max-num-splits" && args[i - 1] !== "--max-num-splits")];
  const run = await runFlow(file, again, { command: "resume", cwd: first.cwd, datastoreRoot: first.datastoreRoot, maxWorkers: 4, env, timeoutMs: runTimeoutMs });
  return { run, first };
}

const pairs: Pair[] = [];
for (const t of tests) {
  for (const graph of graphs) {
    const id = `${t.name}@${graph.name}`;
    if (unbuiltGraphs[graph.name] !== undefined || (only !== undefined && !only.test(id))) continue;
    const f = formatFlow(graph, t);
    if (!f.valid) continue;
    const file = join(dir, `${t.name}-${graph.name}.ts`);
    await writeFile(file, f.source);
    const args = ["--tag", "刺身 means sashimi", "--tag", "multiple tags should be ok", "--max-num-splits", "10000", ...(t.runArgs ?? [])];
    const skip = pairSkip(t);
    pairs.push({ id, graph, test: t, flowName: f.flowName, file, skip, result: skip === false ? limit(() => runPair(t, file, args)) : new Promise(() => {}) });
  }
}

describe("Metaflow core harness: graphs × tests", () => {
  before(() => {
    const skipped = [...Object.entries(unbuilt), ...Object.entries(unbuiltGraphs).map(([g, r]) => [`graph ${g}`, r] as const), ...(process.env["CORE_HEAVY"] === "1" ? [] : Object.entries(heavy))];
    console.log(`metaflow core: ${pairs.length} (graph, test) pairs run; skipped: ${skipped.map(([n, r]) => `${n} (${r})`).join("; ")}; not ported: ${Object.keys(notPorted).join(", ")}`);
  });

  for (const p of pairs) {
    test(p.id, { skip: p.skip }, async (t) => {
      const { run: r, first } = await p.result;
      let checker: Checker | undefined;
      try {
        if (p.test.resume !== undefined) assert.equal(first.code, 1, `the first run stops where the test resumes from\n${describeResult(first)}`);
        if (p.test.shouldFail) assert.equal(r.code, 1, `the run fails\n${describeResult(r)}`);
        else assert.equal(r.code, 0, `the run succeeds\n${describeResult(r)}`);
        checker = await Checker.open(p.graph, p.flowName, r, p.test.resume === undefined ? undefined : first.runId);
        assert.equal(checker.run.successful, !p.test.shouldFail, "run.successful");
        await p.test.check?.(checker);
      } catch (e) {
        t.diagnostic(`flow file: ${p.file}`);
        throw e;
      } finally {
        await checker?.close();
      }
    });
  }
});
