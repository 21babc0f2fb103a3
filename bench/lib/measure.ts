/**
 * Running a command the way a user would (a child process) and measuring it: wall time from
 * the parent, peak RSS from the operating system (GNU `time -f %M`), plus datastore size and
 * file counts.
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The built CLI. */
export const cliBin = path.join(repoRoot, "dist", "cli", "bin.js");
/** GNU time, when this machine has it (peak RSS is reported as unknown otherwise). */
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Whether peak RSS can be measured here. */
export const canMeasureRss = gnuTime !== undefined;

/** One finished child process. */
export interface Execution {
  readonly wallMs: number;
  /** Peak resident set of the largest process of the command (KiB), when known. */
  readonly peakRssKiB: number | undefined;
  readonly exitCode: number | null;
  /** stdout and stderr, interleaved. */
  readonly logFile: string;
}

/** How to run one child process. */
export interface ExecOptions {
  readonly cwd: string;
  /** Added to (and overriding) the bench's own environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The run is expected to fail (exit ≠ 0); anything else is an error. */
  readonly expectFailure?: boolean;
  /** The output must match this (a guard that the run did what the workload intends). */
  readonly expectOutput?: RegExp;
}

/**
 * Runs `node ARGS` in `cwd`, output to a log file in `cwd`, under GNU time when available.
 * Throws (with the log's tail) when the exit code is not the expected one.
 */
export function execNode(args: readonly string[], options: ExecOptions): Promise<Execution> {
  return execProgram(process.execPath, args, options);
}

/** Runs `program ARGS` (an executable file) like {@link execNode}; `node` on its PATH is this Node. */
async function execProgram(program: string, args: readonly string[], options: ExecOptions): Promise<Execution> {
  const logFile = path.join(options.cwd, `exec-${process.hrtime.bigint()}.log`);
  const rssFile = `${logFile}.rss`;
  const argv = gnuTime ? [gnuTime, "-f", "%M", "-o", rssFile, program, ...args] : [program, ...args];
  const fd = openSync(logFile, "w");
  const pathWithThisNode = [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithThisNode, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env };
  const t0 = process.hrtime.bigint();
  let exitCode: number | null;
  try {
    exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(argv[0] as string, argv.slice(1), { cwd: options.cwd, env, stdio: ["ignore", fd, fd] });
      child.once("error", reject);
      child.once("exit", (code) => resolve(code));
    });
  } finally {
    closeSync(fd);
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const peakRssKiB = gnuTime ? readRss(rssFile) : undefined;
  const failed = exitCode !== 0;
  if (failed !== (options.expectFailure ?? false)) {
    throw new Error(`\`${path.basename(program)} ${args.join(" ")}\` exited with ${exitCode}${options.expectFailure ? " (a failure was expected)" : ""}; end of its output:\n${tail(logFile, 30)}`);
  }
  if (options.expectOutput && !options.expectOutput.test(readFileSync(logFile, "utf8"))) {
    throw new Error(`\`${path.basename(program)} ${args.join(" ")}\`: its output does not match ${options.expectOutput}; end of it:\n${tail(logFile, 30)}`);
  }
  return { wallMs, peakRssKiB, exitCode, logFile };
}

/** Runs the CLI as a user's shell does (`metaflow-ts ARGS`: the bin file as a program, see src/cli/bin.ts); see {@link execNode}. */
export function execCli(args: readonly string[], options: ExecOptions): Promise<Execution> {
  return execProgram(cliBin, args, options);
}

/** The peak RSS GNU time wrote: the last line that is a number (earlier lines may report a non-zero exit). */
function readRss(file: string): number | undefined {
  const lines = readFileSync(file, "utf8").trim().split("\n").reverse();
  const n = lines.map((l) => Number(l.trim())).find((v) => Number.isFinite(v) && v > 0);
  return n;
}

/** The last `n` lines of a text file. */
export function tail(file: string, n: number): string {
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
}

/** A fresh, empty temporary directory. */
export function freshDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `mf-bench-${label}-`));
}

/** Removes a temporary directory and everything in it. */
export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Totals of a directory tree. */
export interface TreeSize {
  readonly files: number;
  /** Sum of the files' sizes (apparent size, like `du -sb`). */
  readonly bytes: number;
}

/**
 * Counts the files under `dir` and their bytes, skipping the directories for which `skip`
 * (given the path relative to `dir`, `/`-separated) is true.
 */
export async function treeSize(dir: string, skip: (relative: string) => boolean = () => false): Promise<TreeSize> {
  let files = 0;
  let bytes = 0;
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!skip(path.relative(dir, p).split(path.sep).join("/"))) await walk(p);
      } else {
        files++;
        bytes += (await fs.stat(p)).size;
      }
    }
  };
  if (existsSync(dir)) await walk(dir);
  return { files, bytes };
}

/** For {@link treeSize}: skips the code packages (`<Flow>/code`) of a datastore. */
export const isCodePackageDir = (relative: string): boolean => /^[^/]+\/code$/.test(relative);
