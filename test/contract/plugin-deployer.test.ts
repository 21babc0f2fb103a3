/**
 * DESIGN.md §6.7: the `Deployer` extension interface of `metaflow-ts/plugin`, beside StorageBackend,
 * ComputeBackend, MetadataProvider... The built-in Argo Workflows deployer is reached by name through
 * the registry and implements the interface: a dry-run `create` compiles and stores the deployment
 * (no cluster needed), `find` finds it again from the flow file or by name, and an unknown deployer
 * is a typed error that names the registered ones.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { deployerNames, openDeployer, type Deployer, type Deployment } from "../../src/public/plugin.js";
import * as api from "../../src/public/index.js";
import { MetaflowError } from "../../src/errors.js";
import { registerBuiltinDeployers } from "../../src/plugins/index.js";
import { examplePath, makeTmpDir } from "../utils/cli.js";

let dir: string;
let env: Record<string, string | undefined>;
before(async () => {
  registerBuiltinDeployers(); // as a composition root does
  dir = await makeTmpDir("mfts-plugin-deployer-");
  env = { ...process.env, METAFLOW_USER: "ada", METAFLOW_DATASTORE_ROOT: join(dir, "datastore"), KUBECONFIG: join(dir, "no-such-kubeconfig") };
});

test("argo-workflows is a registered Deployer: create (dry run) stores the deployment, find finds it from the file or by name", async () => {
  assert.ok(deployerNames().includes("argo-workflows"), deployerNames().join(", "));
  const deployer: Deployer = openDeployer("argo-workflows", env);
  assert.equal(deployer.name, "argo-workflows");
  const options: api.ArgoWorkflowsOptions = { branch: "ci", image: "registry.example/flows:1" }; // the common DeployOptions and Argo's own
  const created = await deployer.create({ flowFile: examplePath("production/etl.ts"), cwd: dir, flowApi: api, dryRun: true, options });
  const d: Deployment = created.deployment;
  assert.equal(d.name, "analytics.test.ci.etlflow");
  assert.equal(d.flowName, "EtlFlow");
  assert.equal(d.datastoreRoot, join(dir, "datastore"));
  assert.match(d.token, /^analytics\.test\.ci\.etlflow-[0-9a-f]{8}$/);
  assert.deepEqual(created.manifests.map((m) => (m as { kind: string }).kind), ["WorkflowTemplate", "CronWorkflow"]);
  const fromFile = await deployer.find({ flowFile: examplePath("production/etl.ts"), branch: "ci", cwd: dir });
  assert.equal(fromFile.token, d.token);
  const byName = await deployer.find({ name: d.name, cwd: dir, namespace: "elsewhere" });
  assert.equal(byName.token, d.token);
  assert.equal(byName.namespace, "elsewhere", "a query's namespace overrides the one it was created in");
  await assert.rejects(deployer.find({ name: "nope", cwd: dir }), (e: unknown) => e instanceof MetaflowError && /No deployment named nope/.test(e.message));
});

test("an unknown deployer: a MetaflowError that names the registered ones", () => {
  assert.throws(() => openDeployer("step-functions", env), (e: unknown) => e instanceof MetaflowError && /Unknown deployer "step-functions".*argo-workflows/.test(e.message));
});

test("the public Deployer class goes through the same deployer: a cluster it cannot reach is a typed error", async () => {
  const create = new api.Deployer(examplePath("production/report.ts"), { cwd: dir, env: { ...env, METAFLOW_KUBERNETES_CONTAINER_IMAGE: "registry.example/flows:1" } }).argoWorkflows({ branch: "ci" }).create();
  await assert.rejects(create, (e: unknown) => e instanceof MetaflowError && /kubeconfig/i.test(e.message));
});
