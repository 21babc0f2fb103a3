/**
 * Helpers of the Argo tests: deploy a flow with `argo-workflows create --only-json`, validate its
 * manifests against Argo's published schema (v4), run the WorkflowTemplate with the executor
 * double, and snapshot a run through the client for comparison with a local run.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { inspect } from "node:util";
import { CronWorkflow, WorkflowTemplate } from "@kubernetes-models/argo-workflows/argoproj.io/v1alpha1";
import { Run, namespace } from "../../src/public/client.js";
import { cliBin, describeResult, runCli } from "../utils/cli.js";
import { executeWorkflow, type WorkflowResult } from "../doubles/argo/executor.js";

/** A manifest as printed by `create --only-json`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = any;

/** Runs `argo-workflows create FLOW --only-json`; asserts success and a JSON-only stdout. */
export async function createManifests(flowFile: string, root: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Manifest[]> {
  const r = await runCli(["argo-workflows", "create", flowFile, "--only-json", "--image", "registry.example/flows:1", "--datastore-root", root, ...extra], { env });
  assert.equal(r.code, 0, describeResult(r));
  const manifests = JSON.parse(r.stdout) as Manifest[];
  assert.ok(Array.isArray(manifests), "--only-json prints a JSON array");
  return manifests;
}

/** Validates each Argo Workflows manifest against the published schema (throws on the first error). */
export function validateManifests(manifests: readonly Manifest[]): void {
  for (const m of manifests) {
    if (m.kind === "WorkflowTemplate") new WorkflowTemplate(m).validate();
    else if (m.kind === "CronWorkflow") new CronWorkflow(m).validate();
    else assert.equal(m.kind, "Sensor", `unexpected manifest kind ${m.kind}`);
  }
}

let workflows = 0;

/** Executes a WorkflowTemplate manifest with the executor double; resolves to the result and the run id. */
export async function executeTemplate(template: Manifest, parameters: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = {}, workflowName?: string): Promise<WorkflowResult & { runId: string }> {
  const result = await executeWorkflow(template, {
    workflowName: workflowName ?? `${template.metadata.name}-${process.pid}-${++workflows}`,
    parameters,
    env,
    localCommand: (command) => {
      assert.deepEqual(command, ["metaflow-ts"]);
      return [process.execPath, cliBin];
    },
  });
  return { ...result, runId: result.globalOutputs["mf-run-id"] ?? "" };
}

/** Everything a run produced, without ids: per step, each task's foreach indices and artifacts. */
export async function snapshotRun(root: string, flowName: string, runId: string): Promise<Record<string, string[]>> {
  process.env["METAFLOW_DATASTORE_ROOT"] = root;
  namespace(null);
  const run = await Run.get(`${flowName}/${runId}`);
  const out: Record<string, string[]> = {};
  for (const step of await run.steps()) {
    const tasks = [];
    for (const task of await step.tasks()) {
      tasks.push(inspect({ stack: task.foreachStack.map((f) => [f.step, f.index, f.count]), data: await task.data() }, { depth: Infinity, sorted: true, breakLength: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity }));
    }
    out[step.id] = tasks.sort();
  }
  return out;
}

/** The datastore root of a test under a temp dir. */
export function rootIn(dir: string): string {
  return join(dir, "datastore");
}
