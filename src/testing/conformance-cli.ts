/**
 * How the compute conformance suite runs flows: this package's own CLI (`metaflow-ts run FLOW`,
 * the program `bin` names in package.json) in a child process, in a scratch directory, with
 * `--run-id-file`; and the process checks it needs (is a task's process gone?).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The root of the installed metaflow-ts package (the repository, in its own tests). */
export const packageRoot: string = dirname(fileURLToPath(import.meta.resolve("metaflow-ts/package.json")));

/** The flows of the compute conformance suite, shipped as sources with the package (`files` in package.json). */
export const conformanceFlows = {
  /** ConformanceFlow: `start -> work -> end`, `work` doing what `--mode` says. */
  compute: join(packageRoot, "src", "testing", "flows", "compute-conformance.ts"),
  /** TimeoutComputeFlow: `work` sleeps past its `@timeout`. */
  timeout: join(packageRoot, "src", "testing", "flows", "compute-timeout.ts"),
} as const;

/** The CLI program of this package. */
function cliProgram(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
  return resolve(packageRoot, pkg.bin["metaflow-ts"] as string);
}

/** A finished `run`: exit code (null when killed), output, and the run id it wrote. */
export interface ConformanceRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for "the output mentions" checks. */
  readonly output: string;
  readonly runId: string | undefined;
  readonly datastoreRoot: string;
}

/** Options of one run. */
export interface ConformanceRunOptions {
  /** Environment over `process.env`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Datastore root. @default `<cwd>/.metaflow` */
  readonly datastoreRoot?: string;
  /** Working directory. @default a fresh temporary directory */
  readonly cwd?: string;
  /** SIGKILL the CLI after this long. @default 240 s */
  readonly timeoutMs?: number;
}

/** A run started without waiting for it. */
export interface StartedConformanceRun {
  readonly child: ChildProcess;
  readonly finished: Promise<ConformanceRun>;
}

/** A fresh temporary directory. */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "mfts-conformance-"));
}

/** Starts `metaflow-ts run FLOW ...args` and returns at once. */
export async function startRun(flow: string, args: readonly string[], options: ConformanceRunOptions = {}): Promise<StartedConformanceRun> {
  const cwd = options.cwd ?? (await scratchDir());
  const datastoreRoot = options.datastoreRoot ?? join(cwd, ".metaflow");
  const runIdFile = join(cwd, `run-id-${Math.random().toString(36).slice(2)}.txt`);
  const argv = [cliProgram(), "run", flow, "--run-id-file", runIdFile, "--datastore-root", datastoreRoot, "--max-workers", "4", ...args];
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env };
  const child = spawn(process.execPath, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => out.push(b));
  child.stderr?.on("data", (b: Buffer) => err.push(b));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
  const finished = new Promise<ConformanceRun>((done) => {
    const settle = (code: number | null, extra = ""): void => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8") + extra;
      void readFile(runIdFile, "utf8").then(
        (id) => done({ code, stdout, stderr, output: `${stdout}\n${stderr}`, runId: id.trim() || undefined, datastoreRoot }),
        () => done({ code, stdout, stderr, output: `${stdout}\n${stderr}`, runId: undefined, datastoreRoot }),
      );
    };
    child.once("error", (e) => settle(null, `\n[conformance] could not start the CLI: ${e.message}`));
    child.once("close", (code) => settle(code));
  });
  return { child, finished };
}

/** Runs `metaflow-ts run FLOW ...args` to its end. */
export async function runFlow(flow: string, args: readonly string[], options: ConformanceRunOptions = {}): Promise<ConformanceRun> {
  return (await startRun(flow, args, options)).finished;
}

/** A run's exit code and output, for assertion messages. */
export function describeRun(r: ConformanceRun): string {
  const tail = (s: string): string => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
  return `exit ${r.code}\n--- stdout ---\n${tail(r.stdout)}\n--- stderr ---\n${tail(r.stderr)}`;
}

/** Whether a process exists and is not a zombie (Linux reads /proc for the latter). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux";
  }
}

/** Waits until none of `pids` is alive; resolves to those still alive after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await sleep(50);
  }
}

/** Runs at most `n` jobs at a time (a suite starts its runs up front and awaits each in its test). */
export function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return <T>(job: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolvePromise, reject) => {
      const start = (): void => {
        active += 1;
        job()
          .then(resolvePromise, reject)
          .finally(() => {
            active -= 1;
            queue.shift()?.();
          });
      };
      if (active < n) start();
      else queue.push(start);
    });
}
