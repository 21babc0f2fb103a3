/**
 * The context a Config's `default` or `defaultValue` function receives. Git facts are read
 * only when the function asks for them, and are undefined outside a git checkout.
 * @module
 */
import { spawnSync } from "node:child_process";
import type { ConfigContext } from "./config-declaration.js";

/** What the context is built from. */
export interface ConfigContextBase {
  readonly flowName: string;
  readonly user: string;
  readonly flowDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The context of one config (git facts computed once per base, on first use). */
export function configContext(base: ConfigContextBase, configName: string, git: GitFacts): ConfigContext {
  return {
    flowName: base.flowName,
    configName,
    user: base.user,
    flowDir: base.flowDir,
    env: base.env,
    get gitBranch() {
      return git.branch();
    },
    get gitCommit() {
      return git.commit();
    },
  };
}

/** Lazily read git facts of a folder. */
export interface GitFacts {
  branch(): string | undefined;
  commit(): string | undefined;
}

/** Git facts of `dir`, each read at most once. */
export function gitFacts(dir: string, env: Readonly<Record<string, string | undefined>>): GitFacts {
  const memo = new Map<string, string | undefined>();
  const git = (args: string[]): string | undefined => {
    const key = args.join(" ");
    if (!memo.has(key)) {
      const r = spawnSync("git", args, { cwd: dir, env: { ...env } as NodeJS.ProcessEnv, encoding: "utf8", timeout: 5000 });
      const out = r.status === 0 ? r.stdout.trim() : "";
      memo.set(key, out === "" ? undefined : out);
    }
    return memo.get(key);
  };
  return {
    branch: () => {
      const b = git(["rev-parse", "--abbrev-ref", "HEAD"]);
      return b === "HEAD" ? undefined : b;
    },
    commit: () => git(["rev-parse", "HEAD"]),
  };
}
