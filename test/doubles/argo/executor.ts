/**
 * A test-only executor of Argo Workflows semantics, small enough to read in one sitting. It runs
 * a WorkflowTemplate the way the Argo controller would, with each container's command as a local
 * process (no Kubernetes, no images):
 * - DAG templates: tasks start when every task their `depends` names is complete and the
 *   expression holds (else they are Omitted); `when` false -> Skipped; a failed task fails the DAG
 *   (running tasks finish, no new ones start); nested DAG templates; recursion.
 * - `withParam` (a JSON list) / `withItems` fan out with `{{item}}`; the fan-out's output
 *   parameters are aggregated as a JSON list, in item order.
 * - input/output parameters: `valueFrom.path` (read after the container exits, from the pod's
 *   filesystem: each container gets its own directory for the outputs' folder, substituted into
 *   its args), `valueFrom.expression` on DAG outputs, `globalName` -> `{{workflow.outputs.parameters.x}}`.
 * - `retryStrategy` (limit, backoff duration; `{{retries}}` is the retry number),
 *   `activeDeadlineSeconds` (the container's processes, its own process group, are killed; the attempt
 *   fails), `spec.parallelism`,
 *   `spec.onExit` with `{{workflow.status}}`.
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dependsTasks, evaluateDepends, evaluateExpression, evaluateWhen, substitute } from "./expressions.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** How the executor runs a container: maps the image's command to a local one. */
export interface ExecutorOptions {
  /** Workflow name (`{{workflow.name}}`). */
  readonly workflowName: string;
  /** Values of the workflow parameters (the template's defaults fill the rest). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The local command for a container's `command` (e.g. `["metaflow-ts"]` -> `[node, dist/cli/bin.js]`). */
  readonly localCommand: (command: readonly string[]) => string[];
  /** Extra environment of every process. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One container attempt that ran. */
export interface NodeRecord {
  readonly template: string;
  readonly args: readonly string[];
  readonly attempt: number;
  readonly exitCode: number | null;
  readonly killedByDeadline: boolean;
  readonly output: string;
}

/** The finished workflow. */
export interface WorkflowResult {
  readonly phase: "Succeeded" | "Failed";
  readonly nodes: readonly NodeRecord[];
  readonly globalOutputs: Readonly<Record<string, string>>;
}

interface Outcome {
  phase: "Succeeded" | "Failed" | "Skipped" | "Omitted";
  outputs: Record<string, string>;
}

/** Runs a WorkflowTemplate manifest to completion. */
export async function executeWorkflow(manifest: Json, o: ExecutorOptions): Promise<WorkflowResult> {
  const spec = manifest.spec;
  const templates = new Map<string, Json>(spec.templates.map((t: Json) => [t.name, t]));
  const global = new Map<string, string>([["workflow.name", o.workflowName]]);
  for (const p of spec.arguments?.parameters ?? []) {
    const v = o.parameters?.[p.name] ?? p.value;
    if (v === undefined) throw new Error(`workflow parameter ${p.name} has no value`);
    global.set(`workflow.parameters.${p.name}`, v);
  }
  const nodes: NodeRecord[] = [];
  const slots = semaphore(spec.parallelism ?? Infinity);

  const runContainer = async (t: Json, scope: Map<string, string>): Promise<Outcome> => {
    const limit = t.retryStrategy ? Number(t.retryStrategy.limit) : 0;
    const backoffMs = t.retryStrategy?.backoff ? parseDuration(t.retryStrategy.backoff.duration) : 0;
    for (let attempt = 0; ; attempt++) {
      const pod = await mkdtemp(join(tmpdir(), "argo-pod-"));
      const paths = (t.outputs?.parameters ?? []).map((p: Json) => p.valueFrom?.path).filter(Boolean) as string[];
      const folder = paths.length > 0 ? dirname(paths[0] as string) : undefined;
      const local = (p: string): string => (folder === undefined ? p : p.split(folder).join(pod));
      const s = new Map([...global, ...scope, ["retries", String(attempt)]]);
      let args: string[];
      try {
        args = t.container.args.map((a: string) => local(substitute(a, s)));
      } catch (e) {
        // Argo fails a node whose inputs cannot be resolved (e.g. the outputs of a task that never ran).
        nodes.push({ template: t.name, args: [], attempt, exitCode: null, killedByDeadline: false, output: (e as Error).message });
        return { phase: "Failed", outputs: {} };
      }
      const [cmd, ...pre] = o.localCommand(t.container.command);
      const env = { ...process.env, ...o.env, ...Object.fromEntries((t.container.env ?? []).map((e: Json) => [e.name, e.value])) };
      const r = await slots(() => runProcess(cmd as string, [...pre, ...args], env, t.activeDeadlineSeconds));
      nodes.push({ template: t.name, args, attempt, exitCode: r.code, killedByDeadline: r.killed, output: r.output });
      if (r.code === 0 && !r.killed) {
        const outputs: Record<string, string> = {};
        for (const p of t.outputs?.parameters ?? []) {
          outputs[p.name] = (await readFile(local(p.valueFrom.path), "utf8")).trim();
          if (p.globalName) global.set(`workflow.outputs.parameters.${p.globalName}`, outputs[p.name] as string);
        }
        await rm(pod, { recursive: true, force: true });
        return { phase: "Succeeded", outputs };
      }
      await rm(pod, { recursive: true, force: true });
      if (attempt >= limit) return { phase: "Failed", outputs: {} };
      if (backoffMs > 0) await new Promise((res) => setTimeout(res, backoffMs));
    }
  };

  const runDag = async (t: Json, scope: Map<string, string>): Promise<Outcome> => {
    const tasks: Json[] = t.dag.tasks;
    const done = new Map<string, Outcome>();
    const started = new Map<string, Promise<void>>();
    let failed = false;
    const taskScope = (): Map<string, string> => {
      const s = new Map([...global, ...scope]);
      for (const [name, out] of done) {
        s.set(`tasks.${name}.status`, out.phase);
        for (const [k, v] of Object.entries(out.outputs)) s.set(`tasks.${name}.outputs.parameters.${k}`, v);
      }
      return s;
    };
    const runTask = async (task: Json): Promise<Outcome> => {
      const s = taskScope();
      if (task.when !== undefined && !evaluateWhen(substitute(task.when, s))) return { phase: "Skipped", outputs: {} };
      const target = templates.get(task.template);
      if (target === undefined) throw new Error(`no template ${task.template}`);
      const items: string[] | undefined = task.withParam !== undefined ? (JSON.parse(substitute(task.withParam, s)) as unknown[]).map(itemText) : task.withItems?.map(itemText);
      const call = (item?: string): Promise<Outcome> => {
        const si = item === undefined ? s : new Map([...s, ["item", item]]);
        const inputs = new Map<string, string>();
        for (const p of task.arguments?.parameters ?? []) inputs.set(p.name, substitute(p.value, si));
        return runTemplate(target, inputs);
      };
      if (items === undefined) return call();
      const results = await Promise.all(items.map((item) => call(item)));
      const outputs: Record<string, string> = {};
      for (const p of target.outputs?.parameters ?? []) outputs[p.name] = JSON.stringify(results.map((r) => r.outputs[p.name]));
      return { phase: results.every((r) => r.phase === "Succeeded") ? "Succeeded" : "Failed", outputs };
    };
    for (;;) {
      let progressed = false;
      for (const task of tasks) {
        if (started.has(task.name)) continue;
        const deps = task.depends === undefined ? [] : dependsTasks(task.depends);
        if (!deps.every((d) => done.has(d))) continue;
        if (failed) continue;
        progressed = true;
        const ok = task.depends === undefined || evaluateDepends(task.depends, (d) => done.get(d)?.phase ?? "Pending");
        started.set(
          task.name,
          (ok ? runTask(task) : Promise.resolve<Outcome>({ phase: "Omitted", outputs: {} })).then((out) => {
            done.set(task.name, out);
            if (out.phase === "Failed") failed = true;
          }),
        );
      }
      const pending = [...started].filter(([n]) => !done.has(n)).map(([, p]) => p);
      if (pending.length === 0 && !progressed) break;
      if (pending.length > 0) await Promise.race(pending);
    }
    if (failed) return { phase: "Failed", outputs: {} };
    const s = taskScope();
    const outputs: Record<string, string> = {};
    for (const p of t.outputs?.parameters ?? []) {
      outputs[p.name] = evaluateExpression(p.valueFrom.expression, (path) => s.get(path));
    }
    return { phase: "Succeeded", outputs };
  };

  const runTemplate = (t: Json, inputs: Map<string, string>): Promise<Outcome> => {
    // Only the inputs: the workflow's globals are read when used (global outputs appear while a DAG runs).
    const scope = new Map<string, string>();
    for (const p of t.inputs?.parameters ?? []) {
      const v = inputs.get(p.name) ?? p.value;
      if (v === undefined) throw new Error(`template ${t.name}: input ${p.name} has no value`);
      scope.set(`inputs.parameters.${p.name}`, v);
    }
    if (t.dag !== undefined) return runDag(t, scope);
    if (t.container !== undefined) return runContainer(t, scope);
    throw new Error(`template ${t.name}: only dag and container templates are supported`);
  };

  const entry = templates.get(spec.entrypoint);
  const main = await runTemplate(entry, new Map());
  const phase = main.phase === "Succeeded" ? "Succeeded" : "Failed";
  if (spec.onExit !== undefined) {
    global.set("workflow.status", phase);
    await runTemplate(templates.get(spec.onExit), new Map());
  }
  return { phase, nodes, globalOutputs: Object.fromEntries([...global].filter(([k]) => k.startsWith("workflow.outputs.")).map(([k, v]) => [k.slice("workflow.outputs.parameters.".length), v])) };
}

function itemText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function parseDuration(d: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(d);
  if (m === null) throw new Error(`unsupported duration ${d}`);
  return Number(m[1]) * (m[2] === "h" ? 3_600_000 : m[2] === "m" ? 60_000 : 1000);
}

function semaphore(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (job) => {
    if (active >= n) await new Promise<void>((res) => queue.push(res));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, deadlineSeconds?: number): Promise<{ code: number | null; killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group: a deadline kills every process of the "container", as Argo does (killing
    // only `sh` would leave its children holding the output pipes open until they end by themselves).
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    let killed = false;
    const timer = deadlineSeconds === undefined ? undefined : setTimeout(() => {
      killed = true;
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        child.kill("SIGKILL"); // the group is gone already
      }
    }, deadlineSeconds * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code, killed, output });
    });
  });
}
