/**
 * What the containers of a deployed run do, around the ordinary task runtime:
 * - `init` registers the run: a new run id, its parameters (from the workflow's parameters) and
 *   configs (from the deployment) as the `_parameters` task, the run record; outputs the run id.
 * - `step` turns Argo's inputs (parent paths, split index, retry number) into the same TaskSpec
 *   `metaflow-ts step` runs, with a task id derived from the task's place in the run (so a retried
 *   pod keeps it), runs the task, stores its output as the task's logs, and writes the outputs
 *   Argo passes on: `path` (step/task), `splits` (a foreach's indices), `case` (a switch's choice).
 * - `finish` (the exit hook) records how the run ended and announces a successful end.
 * @module
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { FlowDatastore } from "../../../datastore/flow-datastore.js";
import type { StorageBackend } from "../../../datastore/storage.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { FieldDeclaration } from "../../../flow/flow-class.js";
import { openMetadata } from "../../../metadata/metadata-registry.js";
import type { TaskSpec } from "../../../protocol/task-spec.js";
import { resolveParameters } from "../../../scheduler/parameters.js";
import { readDeployment, workflowRunKey, type DeploymentRecord } from "./deployment-record.js";

/** Options of {@link argoInit}. */
export interface InitOptions {
  readonly flowName: string;
  readonly deployment: string;
  readonly workflow: string;
  /** `name=value` as Argo passes workflow parameters. */
  readonly params: readonly string[];
  /** JSON of what started the run, or `null`. */
  readonly trigger: string;
  readonly outputs: string;
}

/** System tags of a deployed run. */
export function deployedRunTags(record: DeploymentRecord, workflow: string): string[] {
  return [
    `user:${record.owner}`,
    `production:${record.token}`,
    `argo-workflow:${workflow}`,
    "metaflow-ts",
    `runtime:node-${process.versions.node.split(".")[0]}`,
    ...(record.project ? [`project:${record.project.name}`, `project_branch:${record.project.branch}`] : []),
  ];
}

/** Registers a deployed run; resolves to its run id. */
export async function argoInit(storage: StorageBackend, o: InitOptions): Promise<string> {
  const record = await readDeployment(storage, o.flowName, o.deployment);
  if (record === undefined) throw new MetaflowError(ErrorCode.NotFound, `Deployment ${o.deployment} of ${o.flowName} is not in ${storage.location}; was the datastore root changed since \`argo-workflows create\`?`);
  const given: Record<string, string> = {};
  for (const pair of o.params) {
    const i = pair.indexOf("=");
    const p = record.parameters.find((q) => q.name === pair.slice(0, i));
    if (i < 0 || p === undefined) throw new MetaflowError(ErrorCode.ParameterError, `--param ${pair}: not NAME=VALUE of a parameter of ${o.flowName}.`);
    const value = pair.slice(i + 1);
    if (!(value === "" && p.default === undefined && p.type !== "string")) given[p.name] = value;
  }
  const decls = record.parameters.map((p) => ({ kind: "parameter", name: p.name, field: p.field, options: { type: p.type, required: p.required } }) as FieldDeclaration);
  const values = await resolveParameters(decls, { values: given, flowName: o.flowName, user: record.owner, cwd: process.cwd(), flowDir: process.cwd() });
  const metadata = openMetadata(storage);
  const fds = new FlowDatastore(storage, o.flowName);
  const runId = await metadata.newRunId(o.flowName);
  const params = fds.task(runId, "_parameters", "0", 0);
  await params.writeAttempt({ attempt: 0, startedAt: new Date().toISOString(), pid: process.pid, inputPaths: [], foreachStack: [] });
  const index: Record<string, Awaited<ReturnType<typeof params.saveArtifact>>> = {};
  for (const [field, value] of Object.entries(values)) index[field] = await params.saveArtifact(field, value);
  for (const [name, value] of Object.entries(record.configs)) index[record.configFields[name] ?? name] = await params.saveArtifact(record.configFields[name] ?? name, value);
  await params.writeDone({ status: "ok", attempt: 0, finishedAt: new Date().toISOString(), transition: { kind: "linear", to: "start" }, foreachStack: [], index });
  const trigger = parseTrigger(o.trigger);
  await metadata.registerRun({
    flowName: o.flowName,
    runId,
    createdAt: new Date().toISOString(),
    user: record.owner,
    tags: [],
    systemTags: deployedRunTags(record, o.workflow),
    codePackage: record.codePackage,
    flowFile: record.flowFile,
    graph: record.graph,
    stepDecorators: record.stepDecorators,
    flowDecorators: record.flowDecorators,
    configs: record.configs,
    deployment: { name: record.name, token: record.token, ...(record.project ? { project: record.project } : {}), ...(trigger === undefined ? {} : { trigger }) },
  });
  await storage.write(workflowRunKey(o.flowName, o.workflow), runId);
  await writeOutputs(o.outputs, { "run-id": runId, path: "_parameters/0" });
  return runId;
}

function parseTrigger(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link argoStep}. */
export interface StepOptions {
  readonly flowName: string;
  readonly runId: string;
  readonly step: string;
  /** Parent paths as Argo renders them: `step/task` words and JSON lists of them. */
  readonly inputPaths: string;
  readonly splitIndex?: number;
  readonly attempt: number;
  readonly maxRetries: number;
  readonly datastoreRoot: string;
  readonly codePackage: string;
  readonly outputs: string;
}

/** Runs one task of a deployed run with `runTaskSpec` (the task runtime); resolves to its exit code. */
export async function argoStep(storage: StorageBackend, o: StepOptions, runTaskSpec: (spec: TaskSpec) => Promise<number>): Promise<number> {
  const fds = new FlowDatastore(storage, o.flowName);
  const run = await openMetadata(storage).getRun(o.flowName, o.runId);
  const node = run?.graph.steps[o.step];
  if (run === undefined || node === undefined) throw new MetaflowError(ErrorCode.NotFound, `Run ${o.flowName}/${o.runId} or its step ${o.step} is not registered in ${storage.location}.`);
  let parents = (o.inputPaths.match(/[A-Za-z0-9_$]+\/[A-Za-z0-9_.-]+/g) ?? []).map((p) => `${o.runId}/${p}`);
  if (node.join) {
    const split = node.matchingSplit === undefined ? undefined : run.graph.steps[node.matchingSplit];
    if (split?.transition.kind === "foreach") {
      const keyed = await Promise.all(
        parents.map(async (p) => {
          const [, step, task] = p.split("/") as [string, string, string];
          const done = await (await fds.latestDoneAttempt(o.runId, step, task))?.readDone();
          return { p, index: done?.foreachStack.at(-1)?.index ?? 0 };
        }),
      );
      parents = keyed.sort((a, b) => a.index - b.index).map((k) => k.p);
    } else parents = [...parents].sort((a, b) => node.inFuncs.indexOf(a.split("/")[1] as string) - node.inFuncs.indexOf(b.split("/")[1] as string));
  }
  const taskId = taskIdOf(o.step, parents, o.splitIndex);
  const spec: TaskSpec = {
    flowName: o.flowName,
    runId: o.runId,
    step: o.step,
    taskId,
    attempt: o.attempt,
    inputPaths: parents,
    datastoreRoot: o.datastoreRoot,
    codePackage: o.codePackage,
    maxRetries: o.maxRetries,
    ...(o.splitIndex === undefined ? {} : { splitIndex: o.splitIndex }),
  };
  const logs = captureOutput();
  let code: number;
  try {
    code = await runTaskSpec(spec);
  } finally {
    logs.stop();
  }
  const tds = fds.task(o.runId, o.step, taskId, o.attempt);
  await Promise.all([logs.stdout.length > 0 ? tds.writeLog("stdout", logs.stdout) : undefined, logs.stderr.length > 0 ? tds.writeLog("stderr", logs.stderr) : undefined]);
  const done = await tds.readDone();
  if (code !== 0 || done?.status !== "ok") return code === 0 ? 1 : code;
  const t = done.transition;
  await writeOutputs(o.outputs, {
    path: `${o.step}/${taskId}`,
    ...(t.kind === "foreach" ? { splits: JSON.stringify(Array.from({ length: t.count }, (_, i) => i)) } : {}),
    ...(t.kind === "switch" ? { case: t.value } : {}),
  });
  return 0;
}

/** A task id from the task's place in the run: its step, parents and split index. */
export function taskIdOf(step: string, inputPaths: readonly string[], splitIndex: number | undefined): string {
  return `t-${createHash("sha256").update(`${step}|${inputPaths.join(",")}|${splitIndex ?? ""}`).digest("hex").slice(0, 16)}`;
}

/** Options of {@link argoFinish}. */
export interface FinishOptions {
  readonly flowName: string;
  readonly deployment: string;
  readonly runId: string;
  /** `{{workflow.status}}`: Succeeded, Failed or Error. */
  readonly status: string;
  /** Where to announce the end (Argo Events webhook), if anywhere. */
  readonly webhookUrl?: string;
}

/** Records the end of a deployed run; announces a success. Resolves to warnings for the log. */
export async function argoFinish(storage: StorageBackend, o: FinishOptions): Promise<string[]> {
  const metadata = openMetadata(storage);
  const ok = o.status === "Succeeded";
  await metadata.finishRun(o.flowName, o.runId, ok ? { status: "succeeded", finishedAt: new Date().toISOString() } : { status: "failed", finishedAt: new Date().toISOString(), reason: `the Argo workflow ended ${o.status}` });
  if (!ok || o.webhookUrl === undefined) return [];
  const record = await readDeployment(storage, o.flowName, o.deployment);
  const name = `metaflow.${record?.project?.flowName ?? o.flowName}.end`;
  try {
    const res = await fetch(o.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, payload: { flow_name: o.flowName, run_id: o.runId, pathspec: `${o.flowName}/${o.runId}` } }) });
    return res.ok ? [] : [`announcing ${name} to ${o.webhookUrl} failed: HTTP ${res.status}`];
  } catch (e) {
    return [`announcing ${name} to ${o.webhookUrl} failed: ${(e as Error).message}`];
  }
}

async function writeOutputs(dir: string, values: Readonly<Record<string, string>>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(values).map(([k, v]) => fs.writeFile(path.join(dir, k), v)));
}

/** Tees what the task writes to stdout/stderr (it still reaches the pod log). */
function captureOutput(): { stdout: string; stderr: string; stop(): void } {
  const out = { stdout: "", stderr: "", stop: () => {} };
  const wrap = (stream: NodeJS.WriteStream, key: "stdout" | "stderr"): (() => void) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      out[key] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const a = wrap(process.stdout, "stdout");
  const b = wrap(process.stderr, "stderr");
  out.stop = () => {
    a();
    b();
  };
  return out;
}
