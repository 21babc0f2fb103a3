/**
 * Runs the npm CLI (the one on PATH, as installed with Node) in a folder and classifies its
 * failures into errors a user can act on.
 * @module
 */
import { spawn } from "node:child_process";
import { ErrorCode, MetaflowError } from "../../../errors.js";

/** What npm printed, once it exited with 0. */
export interface NpmOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Why npm failed, as far as its output tells. */
export type NpmFailure = "not-found" | "no-matching-version" | "unreachable" | "build-failed" | "other";

/** Quick retries unless the user configured them: an unreachable registry is reported in seconds. */
const retryDefaults: Readonly<Record<string, string>> = {
  npm_config_fetch_retries: "1",
  npm_config_fetch_retry_mintimeout: "1000",
  npm_config_fetch_retry_maxtimeout: "4000",
};

/** Runs `npm <args>` in `cwd`; throws an {@link NpmError} when it fails. */
export function runNpm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<NpmOutput> {
  const childEnv: NodeJS.ProcessEnv = { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  for (const [k, v] of Object.entries(retryDefaults)) if (env[k] === undefined && env[k.toUpperCase()] === undefined) childEnv[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new MetaflowError(ErrorCode.EnvironmentError, `Cannot run npm (needed for @npm environments): ${e.message}. Install Node.js with npm and make sure \`npm\` is on PATH.`, { cause: e })));
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ stdout, stderr });
      else reject(new NpmError(classify(stderr), stderr, code));
    });
  });
}

/** npm exited with an error. */
export class NpmError extends Error {
  override readonly name = "NpmError";
  constructor(
    readonly failure: NpmFailure,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`npm failed (${failure}, exit code ${exitCode})`);
  }

  /** The package whose install script failed (`npm error path .../node_modules/<name>`), if any. */
  get failedPackage(): string | undefined {
    const p = /^npm error path (.+)$/m.exec(this.stderr)?.[1];
    const at = p?.lastIndexOf("node_modules/") ?? -1;
    return p === undefined || at < 0 ? undefined : p.slice(at + "node_modules/".length);
  }

  /** npm's own error lines (without its log-file hint), shortened for messages: the first and the last ones. */
  get detail(): string {
    const lines = this.stderr.split("\n").filter((l) => l.startsWith("npm error") && !/complete log of this run/.test(l));
    const all = lines.length > 0 ? lines : this.stderr.trim().split("\n");
    return (all.length <= 24 ? all : [...all.slice(0, 6), "...", ...all.slice(-14)]).join("\n");
  }
}

function classify(stderr: string): NpmFailure {
  const code = /npm error code (\S+)/.exec(stderr)?.[1];
  if (code === "E404") return "not-found";
  if (code === "ETARGET") return "no-matching-version";
  if (code !== undefined && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ERR_SOCKET_TIMEOUT)$/.test(code)) return "unreachable";
  if (/FetchError|network/i.test(stderr) && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/.test(stderr)) return "unreachable";
  if (/gyp ERR!|npm error command failed|npm error code 1\b|ELIFECYCLE/.test(stderr)) return "build-failed";
  return "other";
}
