/**
 * Helpers for end-to-end tests: spawn the built CLI (`dist/cli/bin.js`) in a scratch
 * directory and collect its exit code and output.
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the repository (this file lives in `test/utils/`). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The built CLI entry point; exists after `npm run build`. */
export const cliBin: string = join(repoRoot, "dist", "cli", "bin.js");

/** Absolute path of a flow under `test/flows/`. */
export function flowPath(name: string): string {
  return join(repoRoot, "test", "flows", name);
}

/** Absolute path of a file under `examples/`. */
export function examplePath(name: string): string {
  return join(repoRoot, "examples", name);
}

/** Default time limit of one CLI invocation. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Working directory of the CLI process (default: a fresh temp dir). */
  readonly cwd?: string;
  /** Extra environment variables (merged over `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the process after this many ms (default {@link DEFAULT_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
}

/** What a CLI invocation produced. `code` is null when the process was killed (see `timedOut`). */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr concatenated, for "the message mentions X" assertions. */
  readonly output: string;
  readonly timedOut: boolean;
  readonly cwd: string;
}

/** A run of a flow: the CLI result plus the run id and where its datastore is. */
export interface FlowRunResult extends CliResult {
  /** The run id written to `--run-id-file`; undefined if the CLI never wrote it. */
  readonly runId: string | undefined;
  /** The `--datastore-root` passed to the CLI. */
  readonly datastoreRoot: string;
}

const tmpDirs: string[] = [];
let cleanupRegistered = false;

/**
 * Creates a fresh temporary directory (removed when the process exits unless
 * `KEEP_TMP=1`).
 */
export async function makeTmpDir(prefix = "mfts-e2e-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tmpDirs.push(dir);
  if (!cleanupRegistered && process.env["KEEP_TMP"] !== "1") {
    cleanupRegistered = true;
    process.once("beforeExit", () => {
      void Promise.all(tmpDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    });
  }
  return dir;
}

/**
 * Runs `node dist/cli/bin.js ...args`. Never rejects: a spawn error is reported as
 * `code: null` with the error in `stderr`.
 */
export async function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnNode([cliBin, ...args], opts);
}

/** Spawns `node ...argv` (see {@link runCli}). */
async function spawnNode(argv: readonly string[], opts: CliOptions): Promise<CliResult> {
  const cwd = opts.cwd ?? (await makeTmpDir());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...opts.env };
  // Let the CLI choose the datastore from its own flags/env, never from the test process's client setting.
  if (!opts.env || !("METAFLOW_DATASTORE_ROOT" in opts.env)) delete env["METAFLOW_DATASTORE_ROOT"];
  return new Promise<CliResult>((resolvePromise) => {
    const child = spawn(process.execPath, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const finish = (code: number | null, extraErr = ""): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8") + extraErr;
      resolvePromise({ code, stdout, stderr, output: `${stdout}\n${stderr}`, timedOut, cwd });
    };
    child.on("error", (e) => finish(null, `\n[runCli] spawn failed: ${e.message}`));
    child.on("close", (code) => finish(timedOut ? null : code));
  });
}

/** Options of {@link runFlow}. */
export interface FlowRunOptions extends CliOptions {
  /** CLI command (default `run`). */
  readonly command?: string;
  /**
   * Datastore root passed as `--datastore-root` (default `<cwd>/.metaflow`); null omits the
   * flag so that the CLI picks its default (`METAFLOW_DATASTORE_ROOT`, else `./.metaflow`).
   */
  readonly datastoreRoot?: string | null;
  /** `--max-workers` (default 4); pass null to omit the flag. */
  readonly maxWorkers?: number | null;
}

/**
 * Runs a flow file with `run` in a fresh temp cwd (unless `cwd` is given), with
 * `--datastore-root <cwd>/.metaflow`, `--max-workers 4` and `--run-id-file`, and returns
 * the result with the run id.
 */
export async function runFlow(file: string, args: readonly string[] = [], opts: FlowRunOptions = {}): Promise<FlowRunResult> {
  const cwd = opts.cwd ?? (await makeTmpDir());
  const datastoreRoot = opts.datastoreRoot ?? opts.env?.["METAFLOW_DATASTORE_ROOT"] ?? join(cwd, ".metaflow");
  const runIdFile = join(cwd, `run-id-${Math.random().toString(36).slice(2)}.txt`);
  const maxWorkers = opts.maxWorkers === undefined ? 4 : opts.maxWorkers;
  const full = [
    opts.command ?? "run",
    file,
    "--run-id-file",
    runIdFile,
    ...(opts.datastoreRoot === null ? [] : ["--datastore-root", datastoreRoot]),
    ...(maxWorkers === null ? [] : ["--max-workers", String(maxWorkers)]),
    ...args,
  ];
  const result = await runCli(full, { ...opts, cwd });
  const runId = await readFile(runIdFile, "utf8").then(
    (s) => s.trim() || undefined,
    () => undefined,
  );
  return { ...result, runId, datastoreRoot };
}

/**
 * Runs a flow file directly, the way `main(import.meta, Flow)` allows:
 * `node --import tsx <file> run --datastore-root <cwd>/.metaflow --run-id-file F ...args`.
 */
export async function runFlowDirect(file: string, args: readonly string[] = [], opts: CliOptions = {}): Promise<FlowRunResult> {
  const cwd = opts.cwd ?? (await makeTmpDir());
  const datastoreRoot = join(cwd, ".metaflow");
  const runIdFile = join(cwd, `run-id-${Math.random().toString(36).slice(2)}.txt`);
  const tsx = import.meta.resolve("tsx");
  const argv = ["--import", tsx, file, "run", "--run-id-file", runIdFile, "--datastore-root", datastoreRoot, ...args];
  const result = await spawnNode(argv, { ...opts, cwd });
  const runId = await readFile(runIdFile, "utf8").then(
    (s) => s.trim() || undefined,
    () => undefined,
  );
  return { ...result, runId, datastoreRoot };
}

/** Runs a flow file directly with any command: `node --import tsx <file> ...args` (see {@link runCli}). */
export function runFlowFile(file: string, args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnNode(["--import", import.meta.resolve("tsx"), file, ...args], opts);
}

/**
 * How many flow runs a test file starts at once (each run has its own worker processes;
 * test files themselves also run in parallel).
 */
export const RUN_CONCURRENCY: number = Math.max(2, Math.min(4, Math.floor(availableParallelism() / 2)));

/**
 * Returns a scheduler that runs at most `n` async jobs at a time. Test files use it to start
 * all their flow runs up front (in parallel, bounded) and await each one in its own test.
 */
export function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    active -= 1;
    queue.shift()?.();
  };
  return <T>(job: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolvePromise, reject) => {
      const start = (): void => {
        active += 1;
        job().then(resolvePromise, reject).finally(release);
      };
      if (active < n) start();
      else queue.push(start);
    });
}

/** A short description of a CLI result, for assertion messages. */
export function describeResult(r: CliResult): string {
  const tail = (s: string): string => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
  return `exit ${r.code}${r.timedOut ? " (timed out)" : ""}\n--- stdout ---\n${tail(r.stdout)}\n--- stderr ---\n${tail(r.stderr)}`;
}
