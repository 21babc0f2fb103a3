/**
 * `argo-workflows create --only-json`: what each decorator becomes, configs resolved at create,
 * names, and the errors a user can cause. Plus a deployed @retry run executed by the executor double.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { deploymentName, maxNameLength } from "../../src/plugins/deploy/argo/names.js";
import { examplePath, flowPath, makeTmpDir, runCli } from "../utils/cli.js";
import { createManifests, executeTemplate, snapshotRun, validateManifests, type Manifest } from "./argo-harness.js";

const template = (ms: Manifest[], name: string) => ms[0].spec.templates.find((t: { name: string }) => t.name === name);

test("decorators: @retry -> retryStrategy, @resources -> requests (MB), --max-workers -> parallelism, @schedule -> CronWorkflow", async () => {
  const root = join(await makeTmpDir("mfts-argo-c-"), "ds");
  const ms = await createManifests(examplePath("production/etl.ts"), root, ["--max-workers", "3"], { METAFLOW_USER: "ada" });
  validateManifests(ms);
  assert.deepEqual(ms.map((m) => m.kind), ["WorkflowTemplate", "CronWorkflow"]);
  assert.equal(ms[0].metadata.name, "analytics.user.ada.etlflow");
  assert.equal(ms[0].spec.parallelism, 3);
  const extract = template(ms, "step-extract");
  assert.deepEqual(extract.retryStrategy, { limit: "2", retryPolicy: "Always" });
  assert.deepEqual(extract.container.resources, { requests: { cpu: "2", memory: "4096M" } });
  assert.deepEqual(ms[1].spec.schedules, ["0 3 * * *"]);
  assert.ok(ms[0].spec.templates.every((t: { container?: { name?: string } }) => t.container === undefined || t.container.name === "main"), "every container has a name (v4)");
  const rows = ms[0].spec.arguments.parameters.find((p: { name: string }) => p.name === "rows");
  assert.equal(rows.value, "1000", "a parameter default from a config, resolved at create");
});

test("configs are resolved at create: --config-value changes the schedule, retries and defaults of that deployment", async () => {
  const root = join(await makeTmpDir("mfts-argo-c-"), "ds");
  const value = JSON.stringify({ schedule: { cron: "15 4 * * 1" }, extract: { rows: 7, shards: 2 }, retry: { times: 1 }, resources: { cpu: 1, memory: 512 } });
  const ms = await createManifests(examplePath("production/etl.ts"), root, ["--config-value", "config", value]);
  assert.deepEqual(ms[1].spec.schedules, ["15 4 * * 1"]);
  assert.equal(template(ms, "step-extract").retryStrategy.limit, "1");
  const r = await executeTemplate(ms[0]);
  assert.equal(r.phase, "Succeeded", r.nodes.filter((n) => n.exitCode !== 0).map((n) => n.output).join("\n"));
  const snap = await snapshotRun(root, "EtlFlow", r.runId);
  assert.match(snap.load?.[0] ?? "", /total: 7\b/);
  assert.equal(snap.extract?.length, 2, "two shards, from the create-time config");
});

test("a deployed @retry step is retried by Argo's retryStrategy and succeeds on the next attempt", async () => {
  const root = join(await makeTmpDir("mfts-argo-c-"), "ds");
  const ms = await createManifests(flowPath("failures/retry.ts"), root);
  assert.deepEqual(template(ms, "step-flaky").retryStrategy, { limit: "2", retryPolicy: "Always" });
  const r = await executeTemplate(ms[0]);
  assert.equal(r.phase, "Succeeded");
  assert.deepEqual(r.nodes.filter((n) => n.template === "step-flaky").map((n) => n.exitCode !== 0), [true, false]);
  const snap = await snapshotRun(root, "RetryFlow", r.runId);
  assert.match(snap.end?.[0] ?? "", /maxSeen: 1\b/);
});

test("@timeout -> activeDeadlineSeconds of the step's pods", async () => {
  const ms = await createManifests(flowPath("failures/timeout.ts"), join(await makeTmpDir("mfts-argo-c-"), "ds"));
  assert.equal(template(ms, "step-slow").activeDeadlineSeconds, 2);
  assert.equal(template(ms, "step-start").activeDeadlineSeconds, undefined);
});

test("a failing step fails the workflow, and the exit hook records the run as failed", async () => {
  const root = join(await makeTmpDir("mfts-argo-c-"), "ds");
  const ms = await createManifests(flowPath("failure.ts"), root);
  const r = await executeTemplate(ms[0]);
  assert.equal(r.phase, "Failed");
  assert.ok(r.nodes.some((n) => n.template === "mf-finish" && n.exitCode === 0), "the exit hook ran");
  process.env["METAFLOW_DATASTORE_ROOT"] = root;
  const { Run, namespace } = await import("../../src/public/client.js");
  namespace(null);
  const run = await Run.get(`FailureFlow/${r.runId}`);
  assert.equal(run.ended, true);
  assert.equal(run.successful, false);
});

test("errors: no image, a @slurm step, --branch without @project — each says what to do", async () => {
  const dir = await makeTmpDir("mfts-argo-c-");
  const noImage = await runCli(["argo-workflows", "create", flowPath("linear.ts"), "--only-json", "--datastore-root", join(dir, "ds")], { env: { METAFLOW_KUBERNETES_CONTAINER_IMAGE: undefined } });
  assert.notEqual(noImage.code, 0);
  assert.match(noImage.stderr, /No container image .*--image/);
  assert.equal(noImage.stdout, "", "--only-json prints nothing but the manifests");
  const slurm = await runCli(["argo-workflows", "create", flowPath("deploy/slurm-step.ts"), "--only-json", "--image", "x", "--datastore-root", join(dir, "ds")]);
  assert.notEqual(slurm.code, 0);
  assert.match(slurm.stderr, /Step start has @slurm/);
  const branch = await runCli(["argo-workflows", "create", flowPath("linear.ts"), "--only-json", "--image", "x", "--branch", "b", "--datastore-root", join(dir, "ds")]);
  assert.notEqual(branch.code, 0);
  assert.match(branch.stderr, /--branch and --production need a project: add @project/);
  for (const r of [noImage, slurm, branch]) assert.doesNotMatch(r.stderr, /\n\s+at [^\n]*\(/, "no stack trace");
});

test("production token: re-deploying someone else's flow needs --authorize with their token", async () => {
  const root = join(await makeTmpDir("mfts-argo-c-"), "ds");
  const create = (user: string, ...extra: string[]) => runCli(["argo-workflows", "create", flowPath("linear.ts"), "--only-json", "--image", "x", "--datastore-root", root, ...extra], { env: { METAFLOW_USER: user } });
  const first = await create("ada");
  assert.equal(first.code, 0, first.stderr);
  const token = /Production token of \S+: (\S+)/.exec(first.stderr)?.[1] as string;
  assert.ok(token, first.stderr);
  const denied = await create("bob");
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /was deployed by ada.*--authorize/s);
  const allowed = await create("bob", "--authorize", token);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stderr, new RegExp(`Production token of \\S+: ${token}`), "the token stays with the deployment");
});

test("names: lower-cased, valid, and shortened deterministically with a hash when too long", () => {
  assert.deepEqual(deploymentName("analytics.user.ada.EtlFlow"), { name: "analytics.user.ada.etlflow", shortened: false });
  const long = `proj.test.${"x".repeat(80)}.VeryLongFlowName`;
  const a = deploymentName(long);
  assert.equal(a.shortened, true);
  assert.ok(a.name.length <= maxNameLength);
  assert.match(a.name, /^[a-z0-9][a-z0-9.-]*-[0-9a-f]{8}$/);
  assert.deepEqual(deploymentName(long), a, "deterministic");
  assert.notEqual(deploymentName(`${long}2`).name, a.name);
});
