/**
 * DESIGN.md §2: every command is also `npx tsx <flow-file> <command> [options]` — including the
 * command groups whose subcommands take the flow (`argo-workflows create|trigger|list|status|...`,
 * `environment resolve|show`), as `python flow.py argo-workflows status RUN` does in Metaflow.
 * The Argo side is the Kubernetes API double of test/doubles (no cluster here).
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startArgoApiServer, type ArgoApiServer } from "../doubles/argo-api-server.js";
import { describeResult, flowPath, makeTmpDir, runFlowFile } from "../utils/cli.js";

const FLOW = flowPath("linear.ts");

describe("contract: nested commands from the flow file", () => {
  let dir = "";
  let api: ArgoApiServer;
  let env: Record<string, string> = {};
  before(async () => {
    dir = await makeTmpDir("mfts-contract-");
    api = await startArgoApiServer();
    env = { KUBECONFIG: await api.writeKubeconfig(join(dir, "kubeconfig")), METAFLOW_DATASTORE_ROOT: join(dir, "datastore"), METAFLOW_KUBERNETES_CONTAINER_IMAGE: "registry.example/flows:1", METAFLOW_USER: "ada" };
  });
  after(async () => api.close());
  const tsx = (...args: string[]) => runFlowFile(FLOW, args, { env, cwd: dir });

  test("argo-workflows create --only-json prints a JSON array of manifests", async () => {
    const r = await tsx("argo-workflows", "create", "--only-json");
    assert.equal(r.code, 0, describeResult(r));
    const manifests = JSON.parse(r.stdout) as Array<{ kind: string }>;
    assert.ok(manifests.some((m) => m.kind === "WorkflowTemplate"), r.stdout);
  });

  test("argo-workflows create, then list and status RUN, with the flow implied", async () => {
    const created = await tsx("argo-workflows", "create");
    assert.equal(created.code, 0, describeResult(created));
    assert.ok([...api.objects.keys()].some((k) => k.startsWith("workflowtemplates/")), [...api.objects.keys()].join(", "));
    const list = await tsx("argo-workflows", "list");
    assert.equal(list.code, 0, describeResult(list));
    const status = await tsx("argo-workflows", "status", "no-such-workflow");
    assert.ok(status.code === 1 || status.code === 2, describeResult(status));
    assert.match(status.output, /no-such-workflow/);
    assert.doesNotMatch(status.output, /missing required argument/);
    const deleted = await tsx("argo-workflows", "delete");
    assert.equal(deleted.code, 0, describeResult(deleted));
  });

  test("environment show with the flow implied, and with a run pathspec", async () => {
    const r = await tsx("environment", "show");
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /start/);
  });
});
