/**
 * Reading a task's pod: whether it runs yet, whether it can never start (an image that cannot be
 * pulled), and how it ended, with Kubernetes' own reason. Pure.
 * @module
 */
import { constants } from "node:os";

/** The parts of a V1Pod this backend reads. */
export interface PodView {
  readonly metadata?: { readonly name?: string; readonly labels?: Record<string, string> };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string; readonly message?: string }[];
    readonly containerStatuses?: readonly {
      readonly state?: {
        readonly waiting?: { readonly reason?: string; readonly message?: string };
        readonly terminated?: { readonly exitCode?: number; readonly signal?: number; readonly reason?: string; readonly message?: string };
      };
    }[];
  };
}

/** What a pod says about its task. */
export type PodState =
  | { readonly kind: "pending" }
  | { readonly kind: "running" }
  | { readonly kind: "stuck"; readonly reason: string }
  | { readonly kind: "ended"; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly reason?: string };

const neverStarts = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError"]);

/**
 * Why Kubernetes is taking the pod away, when it is: its `DisruptionTarget` condition (eviction by
 * the kubelet under node pressure or through the Eviction API, preemption by the scheduler, a node
 * that went away, ...), in Kubernetes' words. Undefined for a pod nobody disrupts.
 */
export function podDisruption(pod: PodView): string | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === "DisruptionTarget" && x.status === "True");
  if (c === undefined) return undefined;
  return `Kubernetes pod ${pod.metadata?.name ?? "?"}: DisruptionTarget, ${c.reason ?? "unknown reason"}${c.message ? `: ${c.message}` : ""}`;
}

/** The state of a task from its pod. */
export function podState(pod: PodView): PodState {
  const name = pod.metadata?.name ?? "?";
  const status = pod.status ?? {};
  const disruption = podDisruption(pod);
  const c = status.containerStatuses?.[0]?.state;
  if (c?.waiting?.reason !== undefined && neverStarts.has(c.waiting.reason)) {
    return { kind: "stuck", reason: `cannot start (Kubernetes pod ${name}: ${c.waiting.reason}${c.waiting.message ? `: ${c.waiting.message}` : ""})` };
  }
  const t = c?.terminated;
  if (status.phase === "Succeeded" || status.phase === "Failed" || t !== undefined) {
    if (t === undefined) return { kind: "ended", code: null, signal: null, reason: `ended abnormally (Kubernetes pod ${name}: ${status.phase}${status.reason ? `, ${status.reason}` : ""}${status.message ? `: ${status.message}` : ""})` };
    const code = t.exitCode ?? null;
    const engine = `Kubernetes pod ${name}: ${t.reason ?? status.phase}${status.reason ? `, ${status.reason}` : ""}`;
    if (disruption !== undefined) return { kind: "ended", code: null, signal: signalOf(code), reason: `${disruptedBy(disruption)} (${disruption}${status.reason ? `; pod ${status.reason}${status.message ? `: ${status.message}` : ""}` : ""})` };
    if (t.reason === "OOMKilled") return { kind: "ended", code: null, signal: "SIGKILL", reason: `was killed: out of memory (${engine})` };
    if (status.reason === "Evicted" || status.reason === "DeadlineExceeded" || status.reason === "Preempted") return { kind: "ended", code: null, signal: signalOf(code), reason: `was stopped by Kubernetes (${engine}${status.message ? `: ${status.message}` : ""})` };
    const signal = t.signal !== undefined && t.signal > 0 ? signalName(t.signal) : code !== null && code > 128 ? signalName(code - 128) : null;
    if (signal !== null) return { kind: "ended", code: null, signal, reason: `was killed by ${signal} (${engine})` };
    return { kind: "ended", code, signal: null };
  }
  return status.phase === "Running" ? { kind: "running" } : { kind: "pending" };
}

/** "was evicted", "was preempted", ... from a DisruptionTarget description. */
export function disruptedBy(disruption: string): string {
  return /Preemption/i.test(disruption) ? "was preempted" : /Evict|TerminationByKubelet/i.test(disruption) ? "was evicted" : "was stopped by Kubernetes";
}

function signalOf(code: number | null): NodeJS.Signals | null {
  return code !== null && code > 128 ? signalName(code - 128) : null;
}

function signalName(n: number): NodeJS.Signals | null {
  for (const [name, value] of Object.entries(constants.signals)) if (value === n) return name as NodeJS.Signals;
  return null;
}
