/**
 * The compute conformance suite (`metaflow-ts/testing`, src/testing/compute-conformance.ts) against
 * every built-in compute backend: local (always), Slurm (a real one-node cluster from
 * .ci/services/20-slurm.sh), Kubernetes (the API-server double, see test/doubles/). A third-party
 * backend runs the same suite the same way. COMPUTE_ONLY=local|slurm|kubernetes runs one backend's.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after } from "node:test";
import { computeConformance, type ComputeConformanceTarget } from "metaflow-ts/testing";
import { cliBin, makeTmpDir } from "../utils/cli.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { serviceVariable } from "../utils/services.js";
import { startKubeApiDouble, type KubeApiDouble } from "../doubles/kube-api-server.js";

const slurm = serviceVariable("METAFLOW_TEST_SLURM", "20-slurm.sh");

const targets: readonly ComputeConformanceTarget[] = [
  {
    name: "local",
    skip: false,
    args: [],
    prepare: async () => ({ env: {} }),
    where: /\(pid \d+\)/,
    resourceArgs: [],
    expectSeen: {},
    liveJobs: () => [],
  },
  {
    name: "slurm",
    skip: slurm.skip,
    args: ["--with", "slurm"],
    prepare: async () => ({ env: {} }),
    where: /\(slurm job \d+_\d+\)/,
    resourceArgs: ["--with", "slurm:memory=400"],
    expectSeen: { SLURM_CPUS_PER_TASK: "2", SLURM_MEM_PER_NODE: "400", SLURM_JOB_PARTITION: "debug", METAFLOW_TS_COMPUTE: "slurm" },
    liveJobs: (runId) =>
      execFileSync("squeue", ["-h", "-o", "%i %j %T"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(`-${runId}-`)),
  },
  kubernetesTarget(),
];

/**
 * Kubernetes through the API-server double (which runs each Job's container command here, the
 * image's `metaflow-ts` being this build's CLI) with an S3 datastore (fauxqs, .ci/services/10-s3.sh).
 */
function kubernetesTarget(): ComputeConformanceTarget {
  let api: KubeApiDouble | undefined;
  let kubeconfig: Promise<string> | undefined;
  const started = (): Promise<string> =>
    (kubeconfig ??= (async () => {
      api = await startKubeApiDouble({
        localCommand: (c) => (c[0] === "metaflow-ts" ? [process.execPath, cliBin, ...c.slice(1)] : [...c]),
        // What the image would set: a PATH, and no Node warnings in the task logs.
        baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_NO_WARNINGS: "1" },
      });
      return api.writeKubeconfig(await makeTmpDir(), "ml");
    })());
  after(() => api?.close());
  const skip = s3Service.skip;
  // Credentials reach the pods the documented way: named in METAFLOW_KUBERNETES_FORWARD_ENV.
  const env = { ...(skip ? {} : s3Env()), METAFLOW_KUBERNETES_FORWARD_ENV: "AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,AWS_MAX_ATTEMPTS" };
  return {
    name: "kubernetes (API-server double, S3 datastore)",
    skip,
    args: ["--with", "kubernetes:image=registry.example/flow:1"],
    prepare: async () => ({ env: { ...env, KUBECONFIG: await started() }, datastoreRoot: await freshS3Root() }),
    where: /\(kubernetes job mf-[a-z0-9-]+\)/,
    resourceArgs: ["--with", "kubernetes:image=registry.example/flow:1,memory=400"],
    expectSeen: { METAFLOW_TS_COMPUTE: "kubernetes" },
    liveJobs: (runId) => api?.liveJobs(runId) ?? [],
    granted: (runId) => {
      const work = api?.created.find((j) => j.metadata.labels["metaflow-ts/run-id"] === runId && j.metadata.labels["metaflow-ts/step"] === "work");
      assert.deepEqual(work?.spec.template.spec.containers[0].resources, { requests: { cpu: "2", memory: "400M" }, limits: { memory: "400M" } });
    },
  };
}

const only = process.env.COMPUTE_ONLY;
for (const target of targets) {
  computeConformance(only !== undefined && only !== "" && !target.name.startsWith(only) ? { ...target, skip: `COMPUTE_ONLY=${only}` } : target);
}
