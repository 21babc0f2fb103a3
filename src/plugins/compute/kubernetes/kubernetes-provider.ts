/**
 * The `kubernetes` compute provider: steps with `@kubernetes` (or every step with
 * `--with kubernetes:image=...`) run as Kubernetes Jobs. Before anything is submitted it checks
 * that the datastore is one the pods can reach (S3), that every step has an image, and that the
 * cluster of the kubeconfig answers.
 * @module
 */
import os from "node:os";
import path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { isUrl } from "../../../datastore/datastore-root.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { ComputeProvider, ComputeRunContext } from "../../../public/plugin.js";

/** Environment variables a pod gets from the run (besides `METAFLOW_*`): where S3 is. */
const forwarded = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_DEFAULT_REGION"];

/** The kubeconfig as kubectl finds it: `$KUBECONFIG`, else `~/.kube/config`, else in-cluster. */
export async function loadKubeConfig(env: NodeJS.ProcessEnv): Promise<{ readonly kc: KubeConfig; readonly source: string }> {
  // Loaded when a step uses Kubernetes, so that other runs do not pay for the client.
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  const file = env.KUBECONFIG?.split(path.delimiter).find((f) => f !== "");
  if (file !== undefined) {
    kc.loadFromFile(file);
    return { kc, source: `KUBECONFIG=${file}` };
  }
  kc.loadFromDefault();
  return { kc, source: env.KUBERNETES_SERVICE_HOST ? "the in-cluster service account" : path.join(os.homedir(), ".kube", "config") };
}

const imageOf = (env: NodeJS.ProcessEnv) => (a: Readonly<Record<string, unknown>>): string => String(a.image ?? env.METAFLOW_KUBERNETES_CONTAINER_IMAGE ?? "");
const namespaceOf = (env: NodeJS.ProcessEnv, kc: KubeConfig) => (a: Readonly<Record<string, unknown>>): string =>
  String(a.namespace ?? env.METAFLOW_KUBERNETES_NAMESPACE ?? kc.getContextObject(kc.getCurrentContext())?.namespace ?? "default");

/** The environment of a task's container: `METAFLOW_*`, the S3 settings, and what `$METAFLOW_KUBERNETES_FORWARD_ENV` names. */
export function containerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const extra = (env.METAFLOW_KUBERNETES_FORWARD_ENV ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if ((k.startsWith("METAFLOW_") && !k.startsWith("METAFLOW_KUBERNETES_")) || forwarded.includes(k) || extra.includes(k)) out[k] = v;
  }
  return out;
}

async function check(ctx: Omit<ComputeRunContext, "runId" | "codePath">): Promise<void> {
  const steps = ctx.steps.map((s) => s.step).join(", ");
  if (!isUrl(ctx.datastoreRoot)) {
    throw new MetaflowError(
      ErrorCode.Compute,
      `Step${ctx.steps.length > 1 ? "s" : ""} ${steps} run${ctx.steps.length > 1 ? "" : "s"} on Kubernetes, whose pods cannot read the local datastore ${ctx.datastoreRoot}. Store the run in S3: --datastore-root s3://bucket/prefix (or METAFLOW_DATASTORE_ROOT).`,
    );
  }
  for (const s of ctx.steps) {
    if (imageOf(ctx.env)(s.attributes) === "") {
      throw new MetaflowError(
        ErrorCode.Compute,
        `Step ${s.step} runs on Kubernetes but has no container image. Give one: @kubernetes({ image: "..." }), --with kubernetes:image=..., or METAFLOW_KUBERNETES_CONTAINER_IMAGE. The image needs Node 20+ and this version of metaflow-ts (see README, "Running steps on a cluster").`,
      );
    }
  }
  let loaded: Awaited<ReturnType<typeof loadKubeConfig>>;
  try {
    loaded = await loadKubeConfig(ctx.env);
  } catch (e) {
    throw new MetaflowError(ErrorCode.Compute, `Cannot read the kubeconfig (${ctx.env.KUBECONFIG ?? "~/.kube/config"}): ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  const cluster = loaded.kc.getCurrentCluster();
  const context = loaded.kc.getCurrentContext();
  if (cluster === null || !context) {
    throw new MetaflowError(ErrorCode.Compute, `No Kubernetes cluster is configured in ${loaded.source}: set KUBECONFIG or a current context (kubectl config use-context NAME).`);
  }
  try {
    const { VersionApi } = await import("@kubernetes/client-node");
    await loaded.kc.makeApiClient(VersionApi).getCode();
  } catch (e) {
    throw new MetaflowError(ErrorCode.Compute, `Cannot reach the Kubernetes API server ${cluster.server} of context '${context}' (${loaded.source}): ${(e as Error)?.message ?? String(e)}. Check that the cluster runs and that this machine can reach it (try: kubectl version).`, { cause: e });
  }
}

/** Runs steps as Kubernetes Jobs through the official client. */
export const kubernetesProvider: ComputeProvider = {
  name: "kubernetes",
  check,
  open: async (ctx) => {
    const { kc } = await loadKubeConfig(ctx.env);
    const { openKubernetesBackend } = await import("./kubernetes-backend.js");
    return openKubernetesBackend({
      kubeConfig: kc,
      flowName: ctx.flowName,
      runId: ctx.runId,
      namespaceOf: namespaceOf(ctx.env, kc),
      imageOf: imageOf(ctx.env),
      containerEnv: { ...containerEnv(ctx.env), METAFLOW_DATASTORE_ROOT: ctx.datastoreRoot },
      executable: ctx.env.METAFLOW_KUBERNETES_TASK_EXECUTABLE || "metaflow-ts",
      env: ctx.env,
    });
  },
};
