/**
 * Helpers for tests that interrupt the CLI: start it without waiting for its end, wait for
 * a line of its output, send it signals, and check which processes are still alive.
 * Linux only for the process-table helpers (they read `/proc`).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { isAlive, waitUntilGone } from "../../src/testing/conformance-cli.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { cliBin, DEFAULT_TIMEOUT_MS, makeTmpDir, type CliResult, type FlowRunResult } from "./cli.js";

/** A CLI process started by {@link startCli}. */
export interface StartedCli {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly cwd: string;
  /** stdout and stderr seen so far, interleaved as they arrived. */
  output(): string;
  /** Resolves once the output matches `pattern` (rejects after `timeoutMs` or if the CLI ends first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has ended, with what it printed. */
  readonly result: Promise<CliResult>;
}

/** Options of {@link startCli}. */
export interface StartOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** SIGKILL the CLI after this many ms (default {@link DEFAULT_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
}

/** Starts `node dist/cli/bin.js ...args` and returns at once. */
export async function startCli(args: readonly string[], opts: StartOptions = {}): Promise<StartedCli> {
  const cwd = opts.cwd ?? (await makeTmpDir());
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...opts.env };
  if (!opts.env || !("METAFLOW_DATASTORE_ROOT" in opts.env)) delete env["METAFLOW_DATASTORE_ROOT"];
  const child = spawn(process.execPath, [cliBin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let all = "";
  let ended = false;
  const watchers = new Set<() => void>();
  const notify = (): void => {
    for (const w of [...watchers]) w();
  };
  child.stdout?.on("data", (b: Buffer) => {
    out.push(b);
    all += b.toString("utf8");
    notify();
  });
  child.stderr?.on("data", (b: Buffer) => {
    err.push(b);
    all += b.toString("utf8");
    notify();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const result = new Promise<CliResult>((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      ended = true;
      notify();
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({ code: timedOut ? null : code, stdout, stderr, output: `${stdout}\n${stderr}`, timedOut, cwd });
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = all.match(pattern);
        if (m) {
          done();
          resolve(m);
        } else if (ended) {
          done();
          reject(new Error(`the CLI ended before printing ${String(pattern)}\n--- output ---\n${all}`));
        }
      };
      const t = setTimeout(() => {
        done();
        reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms\n--- output ---\n${all}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(t);
        watchers.delete(check);
      };
      watchers.add(check);
      check();
    });
  if (child.pid === undefined) throw new Error("could not start the CLI");
  return { child, pid: child.pid, cwd, output: () => all, waitFor, result };
}

/** Starts `run FILE` like `runFlow` does (datastore in `<cwd>/.metaflow` unless given, run id file), without waiting. */
export async function startFlow(
  file: string,
  args: readonly string[] = [],
  opts: StartOptions & { readonly command?: string; readonly maxWorkers?: number; readonly datastoreRoot?: string } = {},
): Promise<StartedCli & { readonly finished: Promise<FlowRunResult>; readonly datastoreRoot: string }> {
  const cwd = opts.cwd ?? (await makeTmpDir());
  const datastoreRoot = opts.datastoreRoot ?? join(cwd, ".metaflow");
  const runIdFile = join(cwd, `run-id-${Math.random().toString(36).slice(2)}.txt`);
  const started = await startCli(
    [opts.command ?? "run", file, "--run-id-file", runIdFile, "--datastore-root", datastoreRoot, "--max-workers", String(opts.maxWorkers ?? 4), ...args],
    { ...opts, cwd },
  );
  const finished = started.result.then(async (r) => {
    const runId = await readFile(runIdFile, "utf8").then(
      (s) => s.trim() || undefined,
      () => undefined,
    );
    return { ...r, runId, datastoreRoot };
  });
  return { ...started, finished, datastoreRoot };
}

/** Process checks shared with the public conformance suites (src/testing/conformance-cli.ts). */
export { isAlive, waitUntilGone };

/** Every live (non-zombie) descendant of `pid`, read from `/proc`. */
export function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const p = frontier.pop() as number;
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        frontier.push(child);
      }
    }
  }
  return out;
}

/** Kills (SIGKILL) whichever of `pids` are still alive: cleanup after a test that failed. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
