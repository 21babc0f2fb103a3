/**
 * The Kubernetes backend of one run, through the official client (`@kubernetes/client-node`):
 * each task attempt is a `batch/v1` Job; the run's pods are listed by label once per poll, their
 * logs read while they run, and cancelling deletes the Job (and its pod).
 * @module
 */
import { BatchV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import type { ComputeBackend, ComputeExit, ComputeHandle, ComputeTask } from "../../../public/plugin.js";
import { jobManifest, runLabels } from "./job-manifest.js";
import { disruptedBy, podDisruption, podState, type PodView } from "./pod-status.js";
import { startOrphanWatchdog, watchdogEntry } from "../orphan-watchdog.js";
import { pollLoop } from "../poll-loop.js";
import { sortLogLines, splitLog, tagStderrVariable } from "./stderr-tags.js";

/** How often pods are listed and logs read. */
const pollMs = 500;

interface Job {
  readonly task: ComputeTask;
  readonly name: string;
  readonly namespace: string;
  created: boolean;
  cancelledBy?: NodeJS.Signals;
  ended: boolean;
  /** Log text already handed out. */
  seen: number;
  log: string;
  pod?: string;
  /** Why Kubernetes was taking the pod away, when it was (kept in case the pod then vanishes). */
  disruption?: string;
  readonly resolve: (exit: ComputeExit) => void;
  readonly accepted: (label: string | undefined) => void;
  readonly started: () => void;
}

/** What the backend needs besides the tasks. */
export interface KubernetesBackendOptions {
  readonly kubeConfig: KubeConfig;
  readonly flowName: string;
  readonly runId: string;
  /** The namespace and image of a step (from `@kubernetes` or the environment). */
  readonly namespaceOf: (attributes: Readonly<Record<string, unknown>>) => string;
  readonly imageOf: (attributes: Readonly<Record<string, unknown>>) => string;
  /** The container's environment. */
  readonly containerEnv: Readonly<Record<string, string>>;
  /** The task command in the image. */
  readonly executable: string;
  /** Environment of the orphan watchdog (where the kubeconfig is). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

const describe = (e: unknown): string => {
  const body = (e as { body?: unknown })?.body;
  if (typeof body === "string") {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return (e as Error)?.message ?? String(e);
};

/** Opens the Kubernetes backend of a run. */
export function openKubernetesBackend(o: KubernetesBackendOptions): ComputeBackend {
  const batch = o.kubeConfig.makeApiClient(BatchV1Api);
  const core = o.kubeConfig.makeApiClient(CoreV1Api);
  const active = new Set<Job>();
  const creations = new Set<Promise<void>>();
  // Deletes the run's Jobs if this process dies without closing the backend (e.g. SIGKILL).
  const watchdog = startOrphanWatchdog(watchdogEntry(import.meta.url, "kubernetes-watchdog"), o.env);

  const end = (j: Job, exit: Omit<ComputeExit, "stdout" | "stderr">): void => {
    if (j.ended) return;
    j.ended = true;
    active.delete(j);
    const rest = j.log.slice(j.seen);
    if (rest !== "") for (const { stream, line } of sortLogLines(rest.replace(/\n$/, ""))) j.task.onLine(stream, line);
    // Kubernetes keeps one log per container: the task tagged its stderr lines (stderr-tags.ts).
    j.resolve({ ...exit, ...splitLog(j.log) });
  };

  const remove = async (j: Job): Promise<void> => {
    await batch.deleteNamespacedJob({ name: j.name, namespace: j.namespace, propagationPolicy: "Background" }).catch(() => undefined);
    watchdog.forget(`${j.namespace}/${j.name}`);
  };

  const readLog = async (j: Job): Promise<void> => {
    if (j.pod === undefined) return;
    try {
      j.log = await core.readNamespacedPodLog({ name: j.pod, namespace: j.namespace, container: "task" });
    } catch {
      return; // not started yet, or gone
    }
    const lastNewline = j.log.lastIndexOf("\n");
    if (lastNewline + 1 > j.seen) {
      for (const { stream, line } of sortLogLines(j.log.slice(j.seen, lastNewline))) j.task.onLine(stream, line);
      j.seen = lastNewline + 1;
    }
  };

  const poll = async (): Promise<void> => {
    const namespaces = new Set([...active].filter((j) => j.created).map((j) => j.namespace));
    const selector = Object.entries(runLabels(o.flowName, o.runId)).map(([k, v]) => `${k}=${v}`).join(",");
    for (const namespace of namespaces) {
      let pods: PodView[];
      try {
        pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items as PodView[];
      } catch {
        continue; // the API server is briefly unreachable: try again next time
      }
      await Promise.all(
        [...active]
          .filter((j) => j.namespace === namespace && j.created)
          .map(async (j) => {
            const pod = pods.find((p) => p.metadata?.labels?.["job-name"] === j.name);
            if (pod === undefined) {
              // A pod that was there and is gone (evicted through the API, preempted, its node lost): the task cannot end by itself.
              if (j.pod !== undefined) await lost(j);
              return;
            }
            j.pod = pod.metadata?.name;
            j.disruption = podDisruption(pod) ?? j.disruption;
            const state = podState(pod);
            if (state.kind === "running" || state.kind === "ended") j.started();
            if (state.kind === "running") await readLog(j);
            else if (state.kind === "ended") {
              await readLog(j);
              // The Job is deleted before the task counts as ended: nothing of it stays behind.
              await remove(j);
              end(j, { code: state.code, signal: state.signal, ...(state.reason === undefined ? {} : { reason: state.reason }) });
            } else if (state.kind === "stuck") {
              await remove(j);
              end(j, { code: null, signal: null, reason: state.reason });
            }
          }),
      );
    }
  };

  const lost = async (j: Job): Promise<void> => {
    const job = await batch.readNamespacedJob({ name: j.name, namespace: j.namespace }).catch(() => undefined);
    const failed = job?.status?.conditions?.find((c) => c.type === "Failed" && c.status === "True");
    const jobWords = job === undefined ? `Job ${j.name} is gone too` : failed === undefined ? `Job ${j.name} has no pod` : `Job ${j.name}: Failed, ${failed.reason ?? ""}${failed.message ? `: ${failed.message}` : ""}`;
    await remove(j);
    const why =
      j.disruption !== undefined
        ? `${disruptedBy(j.disruption)} (${j.disruption}; ${jobWords})`
        : /DisruptionTarget/.test(failed?.message ?? "")
          ? `was disrupted by Kubernetes: evicted, preempted or its node lost (Kubernetes ${jobWords})`
          : `was lost: its pod ${j.pod} disappeared (Kubernetes ${jobWords})`;
    end(j, { code: null, signal: null, reason: why });
  };

  const polls = pollLoop(poll, () => active.size === 0, pollMs);

  const cancel = async (j: Job): Promise<void> => {
    await readLog(j);
    await remove(j);
    end(j, { code: null, signal: j.cancelledBy ?? "SIGTERM", reason: `was cancelled by the run (Kubernetes Job ${j.name} deleted)` });
  };

  return {
    submit(task: ComputeTask): ComputeHandle {
      let resolve!: (exit: ComputeExit) => void;
      let accepted!: (label: string | undefined) => void;
      let started!: () => void;
      const exited = new Promise<ComputeExit>((r) => (resolve = r));
      const submitted = new Promise<string | undefined>((r) => (accepted = r));
      const running = new Promise<void>((r) => (started = r));
      const manifest = jobManifest({
        spec: task.spec,
        flowFile: task.flowFile,
        image: o.imageOf(task.attributes),
        namespace: o.namespaceOf(task.attributes),
        attributes: task.attributes,
        resources: task.resources,
        ...(task.timeoutMs === undefined ? {} : { timeoutMs: task.timeoutMs }),
        env: { ...o.containerEnv, METAFLOW_TS_COMPUTE: "kubernetes", [tagStderrVariable]: "1" },
        executable: o.executable,
      });
      const meta = manifest.metadata as { name: string; namespace: string };
      const job: Job = { task, name: meta.name, namespace: meta.namespace, created: false, ended: false, seen: 0, log: "", resolve, accepted, started };
      active.add(job);
      watchdog.add(`${job.namespace}/${job.name}`);
      const p = batch
        .createNamespacedJob({ namespace: job.namespace, body: manifest })
        .then(
          () => {
            job.created = true;
            accepted(`kubernetes job ${job.name}`);
            if (job.cancelledBy !== undefined) void cancel(job);
            polls.schedule();
          },
          (e: unknown) => {
            accepted(undefined);
            end(job, { code: null, signal: null, reason: `was refused by Kubernetes (creating Job ${job.name} in namespace ${job.namespace}: ${describe(e)})` });
          },
        )
        .finally(() => creations.delete(p));
      creations.add(p);
      return {
        submitted,
        running,
        exited,
        cancel: (signal = "SIGTERM") => {
          if (job.ended || job.cancelledBy !== undefined) return;
          job.cancelledBy = signal as NodeJS.Signals;
          if (job.created) void cancel(job);
        },
      };
    },
    async close(): Promise<void> {
      await Promise.all(creations);
      polls.stop();
      // Nothing of the run may stay running.
      await Promise.all([...active].map((j) => cancel(j)));
      watchdog.close();
    },
  };
}
