/**
 * Reading a Kubernetes pod (pure): a pod Kubernetes takes away (a DisruptionTarget condition:
 * eviction, preemption, node loss) ends its task with Kubernetes' own reason, as do OOMKilled and
 * a signal; a plain exit code is the task's.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { podDisruption, podState, type PodView } from "../../src/plugins/compute/kubernetes/pod-status.js";

const terminated = (exitCode: number, reason: string, extra: Partial<NonNullable<PodView["status"]>> = {}): PodView => ({
  metadata: { name: "p1" },
  status: { phase: "Failed", containerStatuses: [{ state: { terminated: { exitCode, reason } } }], ...extra },
});
const disrupted = (reason: string, message: string) => ({ conditions: [{ type: "DisruptionTarget", status: "True", reason, message }] });

describe("pod state", () => {
  test("preempted by the scheduler", () => {
    const s = podState(terminated(137, "Error", disrupted("PreemptionByScheduler", "Kubernetes default scheduler: preempting to accommodate a higher priority pod")));
    assert.deepEqual(s, { kind: "ended", code: null, signal: "SIGKILL", reason: "was preempted (Kubernetes pod p1: DisruptionTarget, PreemptionByScheduler: Kubernetes default scheduler: preempting to accommodate a higher priority pod)" });
  });

  test("evicted by the kubelet under node pressure, with the pod's own reason", () => {
    const s = podState(terminated(137, "Error", { reason: "Evicted", message: "The node was low on resource: memory.", ...disrupted("TerminationByKubelet", "The node was low on resource: memory.") }));
    assert.equal(s.kind, "ended");
    assert.match((s as { reason: string }).reason, /^was evicted \(Kubernetes pod p1: DisruptionTarget, TerminationByKubelet: .*; pod Evicted: The node was low on resource: memory\.\)$/);
  });

  test("a node that went away", () => {
    const s = podState(terminated(137, "ContainerStatusUnknown", disrupted("DeletionByPodGC", "PodGC: node no longer exists")));
    assert.match((s as { reason: string }).reason, /^was stopped by Kubernetes \(.*DeletionByPodGC: PodGC: node no longer exists\)$/);
  });

  test("a false condition is no disruption; a plain exit code stays the task's", () => {
    const pod = terminated(3, "Error", { conditions: [{ type: "DisruptionTarget", status: "False" }] });
    assert.equal(podDisruption(pod), undefined);
    assert.deepEqual(podState(pod), { kind: "ended", code: 3, signal: null });
  });

  test("a disruption seen while the pod still runs is kept for when it ends", () => {
    const running: PodView = { metadata: { name: "p1" }, status: { phase: "Running", ...disrupted("EvictionByEvictionAPI", "Eviction API: evicting") } };
    assert.deepEqual(podState(running), { kind: "running" });
    assert.equal(podDisruption(running), "Kubernetes pod p1: DisruptionTarget, EvictionByEvictionAPI: Eviction API: evicting");
  });
});
