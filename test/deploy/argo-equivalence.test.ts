/**
 * Proof that a deployed flow behaves like a local run, for every shape of the e2e matrix: each
 * flow is compiled with `argo-workflows create --only-json`, its manifests validate against
 * Argo's published schema (v4), the WorkflowTemplate runs in the executor double (each container
 * a local process against a local datastore), and the run it produces has the same tasks (by
 * foreach position) with the same artifacts as a local `run` of the same flow.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertSucceeded } from "../utils/client.js";
import { flowPath, limiter, makeTmpDir, runFlow } from "../utils/cli.js";
import { generate } from "../matrix/generate.js";
import { createManifests, executeTemplate, snapshotRun, validateManifests } from "./argo-harness.js";

const shapes = [
  "linear", "branch", "nested-branches", "merge", "foreach", "small-foreach", "nested-foreach",
  "switch-basic", "switch-nested", "switch-in-branch", "switch-in-foreach", "foreach-in-switch", "branch-in-switch",
  "recursive-switch", "recursive-switch-in-foreach", "parameters",
];
const limit = limiter(2);

/** Deploys and executes a flow, runs it locally, and compares the two runs. */
async function assertSameAsLocal(file: string, flowName: string, params: Readonly<Record<string, string>> = {}): Promise<void> {
  const dir = await makeTmpDir("mfts-argo-");
  const root = join(dir, "deployed");
  const [local, manifests] = await Promise.all([limit(() => runFlow(file, Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]), { maxWorkers: 2 })), limit(() => createManifests(file, root))]);
  assertSucceeded(local);
  validateManifests(manifests);
  const result = await limit(() => executeTemplate(manifests[0], params));
  const failed = result.nodes.filter((n) => n.exitCode !== 0);
  assert.equal(result.phase, "Succeeded", `the deployed run failed:\n${failed.map((n) => `${n.template} ${n.args.join(" ")}\n${n.output}`).join("\n")}`);
  assert.deepEqual(await snapshotRun(root, flowName, result.runId), await snapshotRun(local.datastoreRoot, flowName, local.runId as string));
}

/** Parameter values given both to the local run and to the deployed one (Argo passes strings). */
const params: Readonly<Record<string, Readonly<Record<string, string>>>> = { parameters: { who: "ada", count: "2", opts: '{"depth":5}', loud: "true" } };

describe("argo: test/flows shapes", { concurrency: 2 }, () => {
  for (const shape of shapes) {
    test(`argo: ${shape} (test/flows) runs as it does locally`, async () => {
      const file = flowPath(`${shape}.ts`);
      const flowName = /export default class (\w+)/.exec(await (await import("node:fs/promises")).readFile(file, "utf8"))?.[1] as string;
      await assertSameAsLocal(file, flowName, params[shape]);
    });
  }
});

// The matrix's shapes are the shapes of test/flows above; `ARGO_MATRIX=1` also runs each of them with
// the matrix's generated code (artifact propagation, foreach indices): 13 more deployed runs.
const matrixDir = process.env["ARGO_MATRIX"] === "1" ? join(await makeTmpDir("mfts-argo-matrix-"), "flows") : undefined;
const combos = (matrixDir === undefined ? [] : (await generate(matrixDir)).combos).filter((c) => c.behaviour.name === "foreach-index" || (c.behaviour.name === "propagation" && !c.graph.steps.some((s) => s.next.kind === "foreach")));
describe("argo: matrix shapes", { concurrency: 2 }, () => {
  for (const c of combos) test(`argo: matrix ${c.id} runs as it does locally`, () => assertSameAsLocal(c.file, c.flowName));
});
