/**
 * A test double of the Kubernetes API server (see README.md here): speaks the real HTTP API for
 * the calls the Kubernetes compute backend makes (create/read/delete `batch/v1` Jobs, list pods by
 * label, read a pod's log, `/version`) and runs each Job's container command as a local process,
 * so the backend runs through the official client end to end. Not a cluster: no scheduling, no
 * images (the image name is recorded; names in `unpullable` behave as an image that cannot be
 * pulled), a memory limit enforced by polling the process's RSS (as the kubelet's OOM killer would).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Options of {@link startKubeApiDouble}. */
export interface KubeApiDoubleOptions {
  /** Maps a container command to the local argv that runs it (e.g. `metaflow-ts` → node dist/cli/bin.js). */
  readonly localCommand?: (command: readonly string[]) => string[];
  /** Extra environment of every container process (e.g. PATH). */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Images that "cannot be pulled": their pods stay Pending with ErrImagePull. */
  readonly unpullable?: readonly string[];
}

interface Pod {
  readonly object: Obj;
  log: string;
  process?: ChildProcess;
  oomKilled: boolean;
}

/** A running double. */
export interface KubeApiDouble {
  readonly url: string;
  /** Every Job manifest the API accepted, in order. */
  readonly created: Obj[];
  /** Names of Jobs deleted through the API. */
  readonly deleted: string[];
  /** Writes a kubeconfig whose current context points here; returns its path. */
  writeKubeconfig(dir: string, namespace?: string): string;
  /** Processes still running. */
  running(): number;
  /** Names (`namespace/name`) of the running pods of a run's step. */
  runningPods(runId: string, step: string): string[];
  /**
   * The kubelet evicts a pod under node pressure: its process is killed, the pod stays, `Failed`
   * with reason `Evicted` and a `DisruptionTarget` condition (as Kubernetes 1.26+ reports it).
   */
  evictForNodePressure(pod: string): void;
  /** The most container processes of a run (label `metaflow-ts/run-id`) that ran at once. */
  peakRunning(runId: string): number;
  /** Jobs of a run (label `metaflow-ts/run-id`) still unfinished in the API, or whose process still runs. */
  liveJobs(runId: string): string[];
  close(): Promise<void>;
}

const memoryBytes = (q: string | undefined): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(q ?? "");
  if (m === null) return undefined;
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit;
};

/** Starts the double on 127.0.0.1 (a free port). */
export async function startKubeApiDouble(options: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
  const jobs = new Map<string, Obj>();
  const pods = new Map<string, Pod>();
  const created: Obj[] = [];
  const deleted: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  /** Every container process started, with its Job (kept after the Job is deleted). */
  const processes: { readonly job: Obj; readonly child: ChildProcess }[] = [];
  const concurrency = new Map<string, { now: number; peak: number }>();

  const send = (res: ServerResponse, code: number, body: unknown, type = "application/json"): void => {
    res.writeHead(code, { "content-type": type });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const status = (res: ServerResponse, code: number, reason: string, message: string): void =>
    send(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });

  const finishPod = (pod: Pod, code: number | null, signal: NodeJS.Signals | null): void => {
    if (pod.object.status.phase === "Failed" && pod.object.status.reason === "Evicted") return; // already final
    const exitCode = code ?? 128 + (signal === "SIGKILL" ? 9 : signal === "SIGTERM" ? 15 : 1);
    const reason = pod.oomKilled ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error";
    pod.object.status = { ...pod.object.status, phase: exitCode === 0 ? "Succeeded" : "Failed", containerStatuses: [{ name: "task", state: { terminated: { exitCode, reason } } }] };
    const job = jobs.get(`${pod.object.metadata.namespace}/${pod.object.metadata.labels["job-name"]}`);
    if (job) job.status = { ...(exitCode === 0 ? { succeeded: 1 } : { failed: 1 }), active: 0 };
  };

  const startPod = (job: Obj): void => {
    const ns = job.metadata.namespace;
    const name = `${job.metadata.name}-${randomBytes(3).toString("hex").slice(0, 5)}`;
    const template = job.spec.template;
    const container = template.spec.containers[0];
    const object: Obj = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns, labels: { ...template.metadata?.labels, "job-name": job.metadata.name, "batch.kubernetes.io/job-name": job.metadata.name }, annotations: template.metadata?.annotations ?? {} },
      spec: template.spec,
      status: { phase: "Pending" },
    };
    const pod: Pod = { object, log: "", oomKilled: false };
    pods.set(`${ns}/${name}`, pod);
    if ((options.unpullable ?? []).includes(container.image)) {
      object.status.containerStatuses = [{ name: "task", state: { waiting: { reason: "ErrImagePull", message: `failed to pull image "${container.image}": not found` } } }];
      return;
    }
    const command: string[] = [...(container.command ?? []), ...(container.args ?? [])];
    const argv = options.localCommand ? options.localCommand(command) : command;
    const env: Record<string, string> = { ...options.baseEnv };
    for (const e of container.env ?? []) env[e.name] = e.value;
    const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    pod.process = child;
    processes.push({ job, child });
    const runId = String(job.metadata.labels?.["metaflow-ts/run-id"]);
    const count = concurrency.get(runId) ?? { now: 0, peak: 0 };
    count.now++;
    count.peak = Math.max(count.peak, count.now);
    concurrency.set(runId, count);
    child.once("close", () => count.now--);
    object.status = { phase: "Running", containerStatuses: [{ name: "task", state: { running: { startedAt: new Date().toISOString() } } }] };
    job.status = { active: 1 };
    child.stdout?.on("data", (b: Buffer) => (pod.log += b.toString("utf8")));
    child.stderr?.on("data", (b: Buffer) => (pod.log += b.toString("utf8")));
    const limit = memoryBytes(container.resources?.limits?.memory);
    if (limit !== undefined && child.pid !== undefined) {
      const t = setInterval(() => {
        try {
          const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
          if (rss > limit) {
            pod.oomKilled = true;
            process.kill(-(child.pid as number), "SIGKILL");
          }
        } catch {
          clearInterval(t);
        }
      }, 100);
      timers.add(t);
      child.once("close", () => clearInterval(t));
    }
    child.once("error", (e) => {
      pod.log += `exec failed: ${e.message}\n`;
      finishPod(pod, 128, null);
    });
    child.once("close", (code, signal) => finishPod(pod, code, signal));
  };

  const killPod = (pod: Pod): void => {
    const pid = pod.process?.pid;
    if (pid === undefined || pod.process?.exitCode !== null || pod.process.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return;
    }
    const t = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone
      }
    }, 2000);
    timers.add(t);
  };

  const disrupt = (pod: Pod, reason: string, message: string): void => {
    const condition = { type: "DisruptionTarget", status: "True", reason, message, lastTransitionTime: new Date().toISOString() };
    pod.object.status = { ...pod.object.status, conditions: [...(pod.object.status.conditions ?? []), condition] };
  };

  const matches = (labels: Obj, selector: string | null): boolean =>
    (selector ?? "")
      .split(",")
      .filter((s) => s !== "")
      .every((term) => {
        const [k, v] = term.split("=");
        return labels[k as string] === v;
      });

  const body = (req: IncomingMessage): Promise<Obj> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
        } catch (e) {
          reject(e);
        }
      });
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const p = url.pathname;
      let m: RegExpExecArray | null;
      if (req.method === "GET" && p === "/version") return send(res, 200, { major: "1", minor: "30", gitVersion: "v1.30.0-double", platform: "linux/amd64" });
      if ((m = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/.exec(p)) && req.method === "POST") {
        const job = await body(req);
        const ns = m[1] as string;
        const name = job?.metadata?.name;
        const c = job?.spec?.template?.spec?.containers?.[0];
        if (typeof name !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) return status(res, 422, "Invalid", `Job.batch "${name}" is invalid: metadata.name: Invalid value`);
        if (!c?.image || !c?.name) return status(res, 422, "Invalid", `Job.batch "${name}" is invalid: spec.template.spec.containers[0]: image and name are required`);
        if (jobs.has(`${ns}/${name}`)) return status(res, 409, "AlreadyExists", `jobs.batch "${name}" already exists`);
        const stored = { ...job, metadata: { ...job.metadata, namespace: ns, uid: randomBytes(8).toString("hex"), creationTimestamp: new Date().toISOString() }, status: {} };
        jobs.set(`${ns}/${name}`, stored);
        created.push(stored);
        startPod(stored);
        return send(res, 201, stored);
      }
      if ((m = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs\/([^/]+)$/.exec(p))) {
        const key = `${m[1]}/${m[2]}`;
        const job = jobs.get(key);
        if (job === undefined) return status(res, 404, "NotFound", `jobs.batch "${m[2]}" not found`);
        if (req.method === "GET") return send(res, 200, job);
        if (req.method === "DELETE") {
          jobs.delete(key);
          deleted.push(m[2] as string);
          for (const [k, pod] of pods) {
            if (pod.object.metadata.namespace === m[1] && pod.object.metadata.labels["job-name"] === m[2]) {
              killPod(pod);
              pods.delete(k);
            }
          }
          return send(res, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: m[2], group: "batch", kind: "jobs" } });
        }
      }
      if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p)) && req.method === "GET") {
        const items = [...pods.values()].filter((pod) => pod.object.metadata.namespace === m?.[1] && matches(pod.object.metadata.labels, url.searchParams.get("labelSelector"))).map((pod) => pod.object);
        return send(res, 200, { kind: "PodList", apiVersion: "v1", metadata: {}, items });
      }
      if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/.exec(p)) && req.method === "POST") {
        // The Eviction API: the pod gets a DisruptionTarget condition, is stopped gracefully and
        // deleted; its Job (backoffLimit 0) fails. A drain or a preemption looks the same.
        const key = `${m[1]}/${m[2]}`;
        const pod = pods.get(key);
        if (pod === undefined) return status(res, 404, "NotFound", `pods "${m[2]}" not found`);
        disrupt(pod, "EvictionByEvictionAPI", "Eviction API: evicting");
        const job = jobs.get(`${m[1]}/${pod.object.metadata.labels["job-name"]}`);
        const gone = (): void => {
          pods.delete(key);
          // As the Job controller reports it: by the Job's podFailurePolicy when a rule matches, else the backoff limit.
          const byPolicy = (job?.spec?.podFailurePolicy?.rules ?? []).findIndex((r: Obj) => r.action === "FailJob" && (r.onPodConditions ?? []).some((c: Obj) => c.type === "DisruptionTarget"));
          const failed = byPolicy >= 0
            ? { type: "Failed", status: "True", reason: "PodFailurePolicy", message: `Pod ${key} has condition DisruptionTarget matching FailJob rule at index ${byPolicy}` }
            : { type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
          if (job) job.status = { failed: 1, active: 0, conditions: [failed] };
        };
        if (pod.process === undefined || pod.process.exitCode !== null || pod.process.signalCode !== null) gone();
        else {
          pod.process.once("close", gone);
          killPod(pod);
        }
        return send(res, 201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
      }
      if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(p)) && req.method === "GET") {
        const pod = pods.get(`${m[1]}/${m[2]}`);
        if (pod === undefined) return status(res, 404, "NotFound", `pods "${m[2]}" not found`);
        if (pod.object.status.phase === "Pending") return status(res, 400, "BadRequest", `container "task" in pod "${m[2]}" is waiting to start`);
        return send(res, 200, pod.log, "text/plain");
      }
      return status(res, 404, "NotFound", `the double does not serve ${req.method} ${p}`);
    })().catch((e: unknown) => status(res, 500, "InternalError", String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    created,
    deleted,
    writeKubeconfig(dir: string, namespace = "default"): string {
      const file = join(dir, "kubeconfig");
      // client-node accepts http:// only with skip-TLS-verify set on the cluster entry.
      const config = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "double", cluster: { server: url, "insecure-skip-tls-verify": true } }],
        users: [{ name: "tester", user: { token: "double-token" } }],
        contexts: [{ name: "double", context: { cluster: "double", user: "tester", namespace } }],
        "current-context": "double",
      };
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
    peakRunning: (runId) => concurrency.get(runId)?.peak ?? 0,
    liveJobs: (runId) => {
      const ofRun = (job: Obj) => job.metadata.labels?.["metaflow-ts/run-id"] === runId;
      const unfinished = [...jobs.values()].filter((job) => ofRun(job) && !job.status?.succeeded && !job.status?.failed).map((job) => `${job.metadata.name} (unfinished Job)`);
      const alive = processes.filter((p) => ofRun(p.job) && p.child.exitCode === null && p.child.signalCode === null).map((p) => `${p.job.metadata.name} (process ${p.child.pid} running)`);
      return [...unfinished, ...alive];
    },
    runningPods: (runId, step) =>
      [...pods.entries()].filter(([, pod]) => pod.object.metadata.labels["metaflow-ts/run-id"] === runId && pod.object.metadata.labels["metaflow-ts/step"] === step && pod.object.status.phase === "Running").map(([key]) => key),
    evictForNodePressure(key: string): void {
      const pod = pods.get(key);
      if (pod === undefined) throw new Error(`no pod ${key}`);
      disrupt(pod, "TerminationByKubelet", "The node was low on resource: memory.");
      pod.object.status = { ...pod.object.status, phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi.", containerStatuses: [{ name: "task", state: { terminated: { exitCode: 137, reason: "Error" } } }] };
      const job = jobs.get(`${pod.object.metadata.namespace}/${pod.object.metadata.labels["job-name"]}`);
      if (job) job.status = { failed: 1, active: 0 };
      const pid = pod.process?.pid;
      if (pid !== undefined) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // gone already
        }
      }
    },
    running: () => [...pods.values()].filter((pod) => pod.process !== undefined && pod.process.exitCode === null && pod.process.signalCode === null).length,
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      for (const pod of pods.values()) killPod(pod);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
