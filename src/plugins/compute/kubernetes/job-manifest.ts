/**
 * The `batch/v1` Job of one task attempt: one container running the task command from the run's
 * code package, with the step's image, resources, placement and secrets. Pure.
 * @module
 */
import { createHash } from "node:crypto";
import { taskStepArgs } from "../../../protocol/task-spec.js";
import type { ComputeResources } from "../../../public/plugin.js";
import type { TaskSpec } from "../../../protocol/task-spec.js";

/** A JSON object of the Kubernetes API. */
export type KubeObject = Record<string, unknown>;

/** What a Job is built from. */
export interface JobRequest {
  readonly spec: TaskSpec;
  readonly flowFile: string;
  readonly image: string;
  readonly namespace: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resources: ComputeResources;
  readonly timeoutMs?: number;
  /** Environment of the container. */
  readonly env: Readonly<Record<string, string>>;
  /** The task command in the image (`metaflow-ts`, the package's executable). */
  readonly executable: string;
}

/** Labels on every Job and pod of a run (the backend finds its pods by them). */
export function runLabels(flowName: string, runId: string): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "metaflow-ts", "metaflow-ts/flow-name": labelValue(flowName), "metaflow-ts/run-id": labelValue(runId) };
}

/** A Kubernetes label value: at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends. */
export function labelValue(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "") || "x";
}

/** The Job's name: a DNS-1123 label (≤ 63), unique per task attempt of a run. */
export function jobName(spec: TaskSpec): string {
  const slug = (s: string, n: number) => s.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, n) || "x";
  const hash = createHash("sha256").update(`${spec.flowName}/${spec.runId}/${spec.step}/${spec.taskId}/${spec.attempt}`).digest("hex").slice(0, 10);
  return `mf-${slug(spec.flowName, 16)}-${slug(spec.step, 16)}-${spec.taskId.slice(0, 8)}-${spec.attempt}-${hash}`.replace(/-+/g, "-");
}

const stringMap = (v: unknown): Record<string, string> => (v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, String(x)])) : {});

/** The Job manifest of one task attempt. */
export function jobManifest(r: JobRequest): KubeObject {
  const s = r.spec;
  const labels = {
    ...stringMap(r.attributes.labels),
    ...runLabels(s.flowName, s.runId),
    "metaflow-ts/step": labelValue(s.step),
    "metaflow-ts/task-id": labelValue(s.taskId),
    "metaflow-ts/attempt": String(s.attempt),
  };
  const annotations = { ...stringMap(r.attributes.annotations), "metaflow-ts/pathspec": `${s.flowName}/${s.runId}/${s.step}/${s.taskId}` };
  const { cpu, memory, gpu, disk } = r.resources;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (cpu !== undefined && cpu > 0) requests.cpu = String(cpu);
  if (memory !== undefined && memory > 0) requests.memory = limits.memory = `${Math.ceil(memory)}M`;
  if (disk !== undefined && disk > 0) requests["ephemeral-storage"] = `${Math.ceil(disk)}M`;
  if (gpu !== undefined && gpu > 0) limits["nvidia.com/gpu"] = String(gpu);
  const secrets = Array.isArray(r.attributes.secrets) ? (r.attributes.secrets as unknown[]).map(String) : [];
  const container: KubeObject = {
    name: "task",
    image: r.image,
    command: [r.executable, ...taskStepArgs(r.flowFile, s)],
    env: Object.entries(r.env).map(([name, value]) => ({ name, value })),
    ...(secrets.length > 0 ? { envFrom: secrets.map((name) => ({ secretRef: { name } })) } : {}),
    resources: { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) },
  };
  const podSpec: KubeObject = {
    restartPolicy: "Never",
    containers: [container],
    ...(typeof r.attributes.serviceAccount === "string" ? { serviceAccountName: r.attributes.serviceAccount } : {}),
    ...(r.attributes.nodeSelector !== undefined ? { nodeSelector: stringMap(r.attributes.nodeSelector) } : {}),
    ...(Array.isArray(r.attributes.tolerations) ? { tolerations: r.attributes.tolerations } : {}),
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: jobName(s), namespace: r.namespace, labels, annotations },
    spec: {
      // A failed attempt is retried by @retry as a new Job, never by Kubernetes.
      backoffLimit: 0,
      // A pod Kubernetes takes away (evicted, preempted, its node lost) fails the Job with a condition
      // that says so, which the backend can read even after the pod itself is gone.
      podFailurePolicy: { rules: [{ action: "FailJob", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
      ttlSecondsAfterFinished: 600,
      // The scheduler enforces @timeout to the second; this is Kubernetes' own safety net.
      ...(r.timeoutMs === undefined ? {} : { activeDeadlineSeconds: Math.ceil(r.timeoutMs / 1000) + 60 }),
      template: { metadata: { labels, annotations }, spec: podSpec },
    },
  };
}
