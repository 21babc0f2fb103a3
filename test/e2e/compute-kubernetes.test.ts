/**
 * The Kubernetes backend through the official client against the API-server double
 * (test/doubles/kube-api-server.ts): Jobs created with manifests valid for the Kubernetes schema
 * (kubernetes-models), output streamed and stored, exit codes, signals, out-of-memory (the double
 * enforces the memory limit), an image that cannot be pulled, cancellation (the Job is deleted and
 * its process stops), resources; and the errors `run` gives before anything is submitted.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { Job } from "kubernetes-models/batch/v1/Job";
import { loadKubeConfig, containerEnv } from "../../src/plugins/compute/kubernetes/kubernetes-provider.js";
import { openKubernetesBackend } from "../../src/plugins/compute/kubernetes/kubernetes-backend.js";
import type { ComputeBackend, ComputeExit, ComputeTask } from "../../src/protocol/compute.js";
import { decodeTaskSpec, taskStepArgs } from "../../src/protocol/task-spec.js";
import { taskCommand } from "../../src/scheduler/launcher.js";
import { startKubeApiDouble, type KubeApiDouble } from "../doubles/kube-api-server.js";
import { cliBin, describeResult, flowPath, limiter, makeTmpDir, runFlow } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, byIndex, onlyTaskData, openRun, tasksOf } from "../utils/client.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { startFlow, waitUntilGone } from "../utils/processes.js";
import { conformanceFlows } from "../../src/testing/conformance-cli.js";

// What each step's "container" runs on this machine (the double maps the container command by step name).
const scripts: Record<string, string[]> = {
  ok: ["sh", "-c", "echo line one; echo to-stderr >&2; echo line two"],
  exit: ["sh", "-c", "echo failing; exit 3"],
  kill: ["sh", "-c", "kill -9 $$"],
  oom: [process.execPath, "-e", "const a=[]; setInterval(() => a.push(Buffer.alloc(20e6, 1)), 10)"],
  sleep: ["sh", "-c", "echo $$ > \"$PID_FILE\"; exec sleep 300"],
};

describe("Kubernetes backend against the API-server double", () => {
  let api: KubeApiDouble;
  let backend: ComputeBackend;
  let dir: string;

  before(async () => {
    dir = await makeTmpDir();
    api = await startKubeApiDouble({
      localCommand: (command) => scripts[command[3] as string] ?? ["sh", "-c", "echo no script; exit 99"],
      baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", PID_FILE: `${dir}/pid` },
      unpullable: ["registry.example/missing:1"],
    });
    const { kc } = await loadKubeConfig({ KUBECONFIG: api.writeKubeconfig(dir, "ml") });
    backend = openKubernetesBackend({
      kubeConfig: kc,
      flowName: "KubeFlow",
      runId: "42",
      namespaceOf: (a) => String(a.namespace ?? "ml"),
      imageOf: (a) => String(a.image ?? "registry.example/flow:1"),
      containerEnv: containerEnv({ METAFLOW_DATASTORE_ROOT: "s3://b/p", AWS_REGION: "eu-west-1", HOME: "/root", SECRET_TOKEN: "x" }),
      executable: "metaflow-ts",
      env: { KUBECONFIG: api.writeKubeconfig(dir, "ml") },
    });
  });
  after(async () => {
    await backend.close();
    await api.close();
  });

  let taskId = 0;
  const submit = (step: string, extra: Partial<ComputeTask> = {}) => {
    const lines: string[] = [];
    const spec = { flowName: "KubeFlow", runId: "42", step, taskId: String(++taskId), attempt: 0, inputPaths: ["42/start/1"], datastoreRoot: "s3://b/p", codePackage: "abc", maxRetries: 0 };
    const handle = backend.submit({ spec, flowFile: "flow.ts", command: [], resources: {}, attributes: {}, env: {}, onLine: (s, l) => lines.push(`${s}:${l}`), ...extra });
    return { handle, lines };
  };

  test("success: a Job with a schema-valid manifest; output streamed line by line and returned for the logs", async () => {
    const { handle, lines } = submit("ok", { resources: { cpu: 1.5, memory: 300, disk: 1024, gpu: 1 }, attributes: { labels: { team: "ml" }, nodeSelector: { pool: "a" }, tolerations: [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }], secrets: ["s3-creds"], serviceAccount: "runner" } });
    assert.match((await handle.submitted) ?? "", /^kubernetes job mf-kubeflow-ok-\d+-0-[0-9a-f]{10}$/);
    const exit: ComputeExit = await handle.exited;
    assert.equal(exit.code, 0);
    // One log per container: a command that does not tag its stderr (not the task runtime: stderr-tags.ts) has it kept as stdout.
    assert.deepEqual([...lines].sort(), ["stdout:line one", "stdout:line two", "stdout:to-stderr"]);
    assert.deepEqual(exit.stdout.toString().split("\n").sort(), ["", "line one", "line two", "to-stderr"]);
    assert.ok(lines.indexOf("stdout:line one") < lines.indexOf("stdout:line two"));
    const manifest = api.created.at(-1) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    new Job(manifest as ConstructorParameters<typeof Job>[0]).validate();
    const pod = manifest.spec.template.spec;
    const c = pod.containers[0];
    assert.equal(manifest.metadata.namespace, "ml");
    assert.equal(manifest.spec.backoffLimit, 0);
    assert.deepEqual(manifest.spec.podFailurePolicy.rules[0].onPodConditions, [{ type: "DisruptionTarget", status: "True" }]);
    assert.equal(pod.restartPolicy, "Never");
    assert.equal(c.image, "registry.example/flow:1");
    assert.deepEqual(c.command.slice(0, 4), ["metaflow-ts", "step", "flow.ts", "ok"]);
    assert.deepEqual(c.resources, { requests: { cpu: "1.5", memory: "300M", "ephemeral-storage": "1024M" }, limits: { memory: "300M", "nvidia.com/gpu": "1" } });
    assert.deepEqual(c.envFrom, [{ secretRef: { name: "s3-creds" } }]);
    assert.deepEqual(Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value])), { METAFLOW_DATASTORE_ROOT: "s3://b/p", AWS_REGION: "eu-west-1", METAFLOW_TS_COMPUTE: "kubernetes", METAFLOW_TS_TAG_STDERR: "1" });
    assert.equal(manifest.metadata.labels.team, "ml");
    assert.equal(manifest.metadata.labels["metaflow-ts/run-id"], "42");
    assert.deepEqual(pod.nodeSelector, { pool: "a" });
    assert.equal(pod.serviceAccountName, "runner");
    assert.ok(api.deleted.includes(manifest.metadata.name), "a finished Job is deleted");
  });

  test("the task's exit code, a signal and an out-of-memory kill are reported with Kubernetes' reason", async () => {
    const [exit, kill, oom] = [submit("exit"), submit("kill"), submit("oom", { resources: { memory: 100 } })];
    const e = await exit.handle.exited;
    assert.deepEqual([e.code, e.signal, e.reason], [3, null, undefined]);
    assert.deepEqual(exit.lines, ["stdout:failing"]);
    const k = await kill.handle.exited;
    assert.equal(k.signal, "SIGKILL");
    assert.match(k.reason ?? "", /was killed by SIGKILL \(Kubernetes pod mf-kubeflow-kill-.*: Error\)/);
    const o = await oom.handle.exited;
    assert.equal(o.signal, "SIGKILL");
    assert.match(o.reason ?? "", /out of memory \(Kubernetes pod .*: OOMKilled\)/);
  });

  test("an image that cannot be pulled ends the task with the reason instead of waiting forever", async () => {
    const { handle } = submit("ok", { attributes: { image: "registry.example/missing:1" } });
    const exit = await handle.exited;
    assert.equal(exit.code, null);
    assert.match(exit.reason ?? "", /cannot start \(Kubernetes pod .*: ErrImagePull: failed to pull image "registry.example\/missing:1"/);
  });

  test("cancel deletes the Job and its process stops", async () => {
    const { handle } = submit("sleep");
    await handle.running;
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i++) {
      pid = await import("node:fs/promises").then((fs) => fs.readFile(`${dir}/pid`, "utf8").then(Number, () => undefined));
      if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(pid);
    handle.cancel("SIGTERM");
    const exit = await handle.exited;
    assert.equal(exit.signal, "SIGTERM");
    assert.match(exit.reason ?? "", /cancelled by the run \(Kubernetes Job .* deleted\)/);
    assert.deepEqual(await waitUntilGone([pid]), []);
  });

  test("the container runs the one task command: every TaskSpec field (environment, failure to catch) is forwarded", async () => {
    const spec = { flowName: "KubeFlow", runId: "42", step: "ok", taskId: String(++taskId), attempt: 2, inputPaths: ["42/a/1", "42/b/2"], splitIndex: 4, datastoreRoot: "s3://b/p", codePackage: "abc", maxRetries: 2, environment: "env-0123", failureToCatch: { name: "TimeoutError", message: "Step ok timed out" } };
    const handle = backend.submit({ spec, flowFile: "flows/f.ts", command: taskCommand("flows/f.ts", spec), resources: {}, attributes: {}, env: {}, onLine: () => undefined });
    assert.equal((await handle.exited).code, 0);
    const command: string[] = (api.created.at(-1) as Record<string, any>).spec.template.spec.containers[0].command; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(command, ["metaflow-ts", ...taskStepArgs("flows/f.ts", spec)]);
    // The same arguments the local backend runs after `node <task entry>`.
    assert.deepEqual(command.slice(1), taskCommand("flows/f.ts", spec).slice(2));
    assert.deepEqual(decodeTaskSpec(command[3] as string, command.slice(4)), spec);
  });

  test("a Job the API refuses ends the task with the API's message", async () => {
    const { handle } = submit("ok", { attributes: { image: "" } });
    const exit = await handle.exited;
    assert.match(exit.reason ?? "", /was refused by Kubernetes \(creating Job .* image and name are required\)/);
  });
});

describe("whole runs on Kubernetes (API-server double, S3 datastore)", { skip: s3Service.skip }, () => {
  const HYBRID = flowPath("compute/hybrid-kubernetes.ts");
  const CONFORMANCE = conformanceFlows.compute;
  const LOCAL = flowPath("compute/hybrid-local.ts");
  const limit = limiter(2);
  let api: KubeApiDouble | undefined;
  let kubeconfig: Promise<string> | undefined;
  after(() => api?.close());
  /** Environment of a run whose Kubernetes steps go to the double. */
  const cluster = async (extra: Record<string, string> = {}): Promise<Record<string, string>> => {
    kubeconfig ??= (async () => {
      api = await startKubeApiDouble({
        // The image's `metaflow-ts` is this build's CLI.
        localCommand: (c) => (c[0] === "metaflow-ts" ? [process.execPath, cliBin, ...c.slice(1)] : [...c]),
        baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_NO_WARNINGS: "1" },
      });
      return api.writeKubeconfig(await makeTmpDir());
    })();
    return { ...s3Env(), KUBECONFIG: await kubeconfig, METAFLOW_KUBERNETES_FORWARD_ENV: "AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,AWS_MAX_ATTEMPTS,HYBRID_FAIL_INDEX", ...extra };
  };
  const results = s3Service.skip
    ? undefined
    : {
        hybrid: limit(async () => runFlow(HYBRID, [], { env: await cluster(), datastoreRoot: await freshS3Root(), maxWorkers: 10, timeoutMs: 600_000 })),
        local: limit(() => runFlow(LOCAL, [], { maxWorkers: 4, timeoutMs: 600_000 })),
      };
  const get = <K extends keyof NonNullable<typeof results>>(k: K) => (results as NonNullable<typeof results>)[k];

  test("local start, 100-way foreach on Kubernetes, local join = the all-local run; --max-workers bounds the pods", async () => {
    const [hybrid, local] = await Promise.all([get("hybrid"), get("local")]);
    assertSucceeded(hybrid);
    assertSucceeded(local);
    const h = await onlyTaskData(await openRun("HybridKubernetesFlow", hybrid), "join");
    const l = await onlyTaskData(await openRun("HybridLocalFlow", local), "join");
    assert.deepEqual(h.squares, l.squares);
    assert.equal(h.total, l.total);
    assert.equal(h.total, Array.from({ length: 100 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
    assert.equal(h.remote, 100, "every body task ran on Kubernetes");
    assert.equal(l.remote, 0);
    assert.match(hybrid.stdout, new RegExp(`\\[${hybrid.runId}/start/1 \\(pid \\d+\\)\\] Task is starting`));
    assert.match(hybrid.stdout, /\/body\/\d+ \(kubernetes job mf-[a-z0-9-]+\)\] square 7 = 49 on kubernetes/);
    assert.match(hybrid.stdout, new RegExp(`\\[${hybrid.runId}/join/\\d+ \\(pid \\d+\\)\\] Task is starting`));
    // 100 Jobs, one per body task; never more than 10 of the run's containers at once.
    const jobs = (api as KubeApiDouble).created.filter((j) => j.metadata.labels["metaflow-ts/run-id"] === hybrid.runId);
    assert.equal(jobs.length, 100);
    const peak = (api as KubeApiDouble).peakRunning(hybrid.runId as string);
    assert.ok(peak <= 10 && peak > 1, `at most 10 pods at once, got ${peak}`);
    assert.deepEqual((api as KubeApiDouble).liveJobs(hybrid.runId as string), []);
    const bodies = byIndex(await tasksOf(await openRun("HybridKubernetesFlow", hybrid), "body"));
    assert.match(await bodies[5]!.stdout(), /square 5 = 25 on kubernetes/);
  });

  test("resume across local and remote tasks reuses what succeeded and reruns the rest on Kubernetes", async () => {
    const cwd = await makeTmpDir();
    const root = await freshS3Root();
    const failed = await limit(async () => runFlow(HYBRID, ["--count", "6"], { cwd, datastoreRoot: root, env: await cluster({ HYBRID_FAIL_INDEX: "3" }), maxWorkers: 6, timeoutMs: 240_000 }));
    assertFailed(failed, "body 3 fails on purpose");
    const resumed = await limit(async () => runFlow(HYBRID, [], { cwd, datastoreRoot: root, command: "resume", env: await cluster(), maxWorkers: 6, timeoutMs: 240_000 }));
    assertSucceeded(resumed);
    const finished = failed.stdout.split("\n").filter((l) => /\/body\/\d+ .*Task finished successfully/.test(l)).length;
    const reused = resumed.stdout.split("\n").filter((l) => l.includes("Reusing the results of"));
    assert.ok(reused.some((l) => l.includes("/start/1]")), describeResult(resumed));
    assert.equal(reused.length, 1 + finished, `start and the ${finished} finished body tasks are reused\n${describeResult(resumed)}`);
    assert.match(resumed.stdout, /\/body\/\d+ \(kubernetes job mf-[a-z0-9-]+\)\] square 3 = 9 on kubernetes/);
    const data = await onlyTaskData(await openRun("HybridKubernetesFlow", resumed), "join");
    assert.equal(data.total, 0 + 1 + 4 + 9 + 16 + 25);
    assert.equal(data.remote, 6);
    assert.deepEqual((api as KubeApiDouble).liveJobs(failed.runId as string), [], "the failed run left no Job behind");
  });

  /** Runs `work` on Kubernetes with one retry, disrupts its first attempt's pod with `disrupt`, and returns the run. */
  const disrupted = async (disrupt: (pod: string) => Promise<void>) => {
    const cwd = await makeTmpDir();
    const marker = join(cwd, "started");
    const started = await startFlow(CONFORMANCE, ["--with", "kubernetes:image=registry.example/flow:1", "--with", "retry:times=1,minutesBetweenRetries=0", "--mode", "sleep-first", "--marker", marker], { cwd, env: await cluster(), datastoreRoot: await freshS3Root(), timeoutMs: 240_000 });
    const [, runId] = await started.waitFor(/\[(\d+)\/work\/\d+ \(kubernetes job [^)]*\)\] work starts/, 180_000);
    for (let i = 0; i < 600 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
    const [pod] = (api as KubeApiDouble).runningPods(runId as string, "work");
    assert.ok(pod, started.output());
    await disrupt(pod);
    return started.finished;
  };

  test("a pod evicted through the Eviction API (its pod deleted) is reported as evicted and retried by @retry on a new Job", async () => {
    const r = await disrupted(async (pod) => {
      const { kc } = await loadKubeConfig({ KUBECONFIG: (await cluster()).KUBECONFIG });
      const [namespace, name] = pod.split("/") as [string, string];
      await kc.makeApiClient(CoreV1Api).createNamespacedPodEviction({ name, namespace, body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace } } });
    });
    assertSucceeded(r);
    // The backend may see the pod's DisruptionTarget condition before the pod is deleted, or only the Job's
    // failure by its podFailurePolicy after: either way, the reason is Kubernetes' own.
    assertMentions(r, /work\/\d+ .*(was evicted \(Kubernetes pod mf-conformanceflow-work-[a-z0-9-]+: DisruptionTarget, EvictionByEvictionAPI|was disrupted by Kubernetes: .*PodFailurePolicy: Pod .* has condition DisruptionTarget)/, "Retrying");
    const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
    assert.equal(data.result, "sleep-first:1");
  });

  test("a pod evicted by the kubelet under node pressure is reported with Kubernetes' reason and retried", async () => {
    const r = await disrupted(async (pod) => (api as KubeApiDouble).evictForNodePressure(pod));
    assertSucceeded(r);
    assertMentions(r, /was evicted \(Kubernetes pod .*DisruptionTarget, TerminationByKubelet: The node was low on resource: memory\.; pod Evicted/, "Retrying");
    const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
    assert.equal(data.result, "sleep-first:1");
  });
});

describe("run: errors before anything is submitted to Kubernetes", () => {
  const FLOW = conformanceFlows.compute;

  test("a Kubernetes step with a local datastore says to use an S3 datastore", async () => {
    const r = await runFlow(FLOW, ["--with", "kubernetes:image=node:20"]);
    assert.equal(r.code, 1, describeResult(r));
    assert.equal(r.runId, undefined);
    assertMentions(r, "--datastore-root s3://", "start, work, end");
  });

  test("no image: says where to give one", async () => {
    const r = await runFlow(FLOW, ["--with", "kubernetes"], { datastoreRoot: "s3://bucket/runs", env: { METAFLOW_KUBERNETES_CONTAINER_IMAGE: "" } });
    assert.equal(r.code, 1, describeResult(r));
    assertMentions(r, "has no container image", "METAFLOW_KUBERNETES_CONTAINER_IMAGE");
  });

  test("no reachable cluster: names the context and the kubeconfig", async () => {
    const dir = await makeTmpDir();
    const api = await startKubeApiDouble();
    const kubeconfig = api.writeKubeconfig(dir);
    await api.close(); // nothing listens there any more
    const r = await runFlow(FLOW, ["--with", "kubernetes:image=node:20"], { datastoreRoot: "s3://bucket/runs", env: { KUBECONFIG: kubeconfig } });
    assert.equal(r.code, 1, describeResult(r));
    assertMentions(r, "Cannot reach the Kubernetes API server", "context 'double'", `KUBECONFIG=${kubeconfig}`);
  });
});
