/**
 * `argo-workflows create|trigger|list|status|suspend|unsuspend|terminate|delete` and the Deployer
 * API against the Kubernetes API double (test/doubles/argo-api-server.ts), which runs a submitted
 * Workflow's template with the executor double: the calls, their bodies and the runs they make.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Deployer, DeployedFlow } from "../../src/public/index.js";
import { examplePath, makeTmpDir, runCli, describeResult } from "../utils/cli.js";
import { startArgoApiServer, type ArgoApiServer } from "../doubles/argo-api-server.js";
import { executeTemplate, snapshotRun } from "./argo-harness.js";

let api: ArgoApiServer;
let dir: string;
let env: Record<string, string>;
const events: { name: string; payload: Record<string, unknown> }[] = [];
const webhook = createServer((req, res) => {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    events.push(JSON.parse(body) as (typeof events)[number]);
    res.end("{}");
  });
});

before(async () => {
  dir = await makeTmpDir("mfts-argo-api-");
  await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/event`;
  api = await startArgoApiServer({
    // Like the Argo controller: run the Workflow's template with its arguments.
    onWorkflow: async (wf, template) => {
      if (template === undefined) return "Error";
      const params = Object.fromEntries((wf.spec.arguments?.parameters ?? []).map((p: { name: string; value: string }) => [p.name, p.value]));
      return (await executeTemplate(template, params, {}, wf.metadata.name)).phase;
    },
  });
  env = { KUBECONFIG: await api.writeKubeconfig(join(dir, "kubeconfig")), METAFLOW_DATASTORE_ROOT: join(dir, "datastore"), METAFLOW_KUBERNETES_CONTAINER_IMAGE: "registry.example/flows:1", METAFLOW_USER: "ada", METAFLOW_ARGO_EVENTS_WEBHOOK_URL: webhookUrl };
});
after(async () => {
  await api.close();
  await new Promise<void>((r) => webhook.close(() => r()));
});

const cli = (...args: string[]) => runCli(["argo-workflows", ...args], { env, cwd: dir });

test("create applies the template and the schedule; re-creating replaces them (resourceVersion)", async () => {
  const r1 = await cli("create", examplePath("production/etl.ts"));
  assert.equal(r1.code, 0, describeResult(r1));
  const name = "analytics.user.ada.etlflow";
  assert.ok(api.objects.has(`workflowtemplates/default/${name}`), [...api.objects.keys()].join(", "));
  assert.deepEqual(api.objects.get(`cronworkflows/default/${name}`).spec.schedules, ["0 3 * * *"]);
  const r2 = await cli("create", examplePath("production/etl.ts"));
  assert.equal(r2.code, 0, describeResult(r2));
  const puts = api.calls.filter((c) => c.method === "PUT");
  assert.deepEqual(puts.map((c) => c.status), [200, 200], "template and cron workflow replaced");
  assert.ok(puts.every((c) => c.path.endsWith(`/${name}`)));
});

test("trigger submits a workflow from the template; status and list report it; the run is a normal run", async () => {
  const idFile = join(dir, "wf.txt");
  const r = await cli("trigger", examplePath("production/etl.ts"), "--rows", "10", "--run-id-file", idFile);
  assert.equal(r.code, 0, describeResult(r));
  const wf = (await (await import("node:fs/promises")).readFile(idFile, "utf8")).trim();
  const submitted = api.objects.get(`workflows/default/${wf}`);
  assert.equal(submitted.spec.workflowTemplateRef.name, "analytics.user.ada.etlflow");
  assert.deepEqual(submitted.spec.arguments.parameters.find((p: { name: string }) => p.name === "rows"), { name: "rows", value: "10" });
  let status = "";
  for (let i = 0; i < 600 && !/Succeeded|Failed|Error/.test(status); i++) {
    const s = await cli("status", examplePath("production/etl.ts"), wf);
    status = s.stdout;
    if (!/Succeeded|Failed|Error/.test(status)) await new Promise((res) => setTimeout(res, 500));
  }
  assert.match(status, new RegExp(`${wf}: Succeeded \\(run \\d+\\)`));
  const list = await cli("list", examplePath("production/etl.ts"), "--json");
  const runs = JSON.parse(list.stdout) as { name: string; phase: string; runId: string }[];
  assert.equal(runs[0]?.name, wf);
  const snap = await snapshotRun(env.METAFLOW_DATASTORE_ROOT as string, "EtlFlow", runs[0]?.runId as string);
  assert.match(snap.load?.[0] ?? "", /total: 10\b/);
  assert.match(snap.start?.[0] ?? "", /extract: \{ rows: 1000, shards: 3 \}/, "the create-time config is stored with the run");
  // The end announces itself for @triggerOnFinish (to the webhook baked into the template at create): the event ReportFlow's sensor filters on.
  assert.ok(events.some((e) => e.name === "metaflow.analytics.user.ada.EtlFlow.end" && e.payload["run_id"] === runs[0]?.runId), JSON.stringify(events));
});

test("suspend, unsuspend and terminate patch the workflow (merge patch); delete removes the deployment", async () => {
  const wf = [...api.objects.keys()].find((k) => k.startsWith("workflows/"))?.split("/")[2] as string;
  for (const verb of ["suspend", "unsuspend", "terminate"]) assert.equal((await cli(verb, examplePath("production/etl.ts"), wf)).code, 0);
  const patches = api.calls.filter((c) => c.method === "PATCH");
  assert.equal(patches.length, 3);
  assert.ok(patches.every((c) => c.contentType === "application/merge-patch+json" && c.status === 200));
  const obj = api.objects.get(`workflows/default/${wf}`);
  assert.equal(obj.spec.suspend, undefined, "unsuspend removed suspend");
  assert.equal(obj.spec.shutdown, "Terminate");
  assert.equal((await cli("delete", examplePath("production/etl.ts"))).code, 0);
  assert.ok(![...api.objects.keys()].some((k) => k.includes("etlflow") && !k.startsWith("workflows/")), [...api.objects.keys()].join(", "));
});

test("Deployer: create, trigger, waitForRun, fromDeployment, delete", async () => {
  const deployed = await new Deployer(examplePath("production/report.ts"), { env: { ...process.env, ...env }, cwd: dir }).argoWorkflows({ branch: "ci" }).create();
  assert.equal(deployed.name, "analytics.test.ci.reportflow");
  assert.ok(api.objects.has(`sensors/default/${deployed.name}`), "@triggerOnFinish made a Sensor");
  const sensor = api.objects.get(`sensors/default/${deployed.name}`);
  assert.deepEqual(sensor.spec.dependencies[0].filters.data[0].value, ["metaflow.analytics.test.ci.EtlFlow.end"]);
  const triggered = await deployed.trigger();
  const run = await triggered.waitForRun({ untilDone: true, pollMs: 200 });
  assert.equal(await triggered.status(), "Succeeded");
  assert.equal(run.successful, true);
  assert.ok(run.systemTags.includes("project:analytics") && run.systemTags.includes("project_branch:test.ci"), run.systemTags.join(", "));
  assert.ok(run.systemTags.includes(`production:${deployed.productionToken}`));
  const again = await DeployedFlow.fromDeployment(deployed.name, { datastoreRoot: env.METAFLOW_DATASTORE_ROOT as string, env: { ...process.env, ...env } });
  assert.equal(again.flowName, "ReportFlow");
  await again.delete();
  assert.ok(!api.objects.has(`workflowtemplates/default/${deployed.name}`));
});

test("no reachable cluster: a clear error, no stack trace", async () => {
  const r = await runCli(["argo-workflows", "create", examplePath("production/report.ts")], { env: { ...env, KUBECONFIG: join(dir, "missing-kubeconfig") }, cwd: dir });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /kubeconfig|KUBECONFIG/);
  assert.doesNotMatch(r.stderr, /\n\s+at [^\n]*\(/);
});
