/**
 * `@project` branches (Metaflow's scheme): a run or deployment of a flow with
 * `@project({ name })` belongs to the branch `user.<name>` by default, `test.<branch>` with
 * `--branch`, `prod` (or `prod.<branch>`) with `--production`; its project flow name is
 * `<project>.<branch>.<Flow>`. Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";

/** The project a run or deployment belongs to. */
export interface ProjectInfo {
  readonly name: string;
  readonly branch: string;
  readonly production: boolean;
  /** `<project>.<branch>.<Flow>` */
  readonly flowName: string;
}

/** `--branch` / `--production` as given. */
export interface ProjectBranchOptions {
  readonly branch?: string;
  readonly production?: boolean;
}

/** The branch a run or deployment belongs to. */
export function projectBranch(user: string, options: ProjectBranchOptions): { branch: string; production: boolean } {
  const check = (b: string): string => {
    if (!/^[A-Za-z0-9_.-]+$/.test(b)) throw new MetaflowError(ErrorCode.UsageError, `--branch ${JSON.stringify(b)}: a branch name uses letters, digits, '.', '_' and '-' only.`);
    return b;
  };
  if (options.production === true) return { branch: options.branch === undefined ? "prod" : `prod.${check(options.branch)}`, production: true };
  if (options.branch !== undefined) return { branch: `test.${check(options.branch)}`, production: false };
  return { branch: `user.${user}`, production: false };
}

/** The project of a flow with `@project({ name })`, else undefined (then `--branch`/`--production` are refused). */
export function projectOf(projectName: string | undefined, flowName: string, user: string, options: ProjectBranchOptions): ProjectInfo | undefined {
  if (projectName === undefined) {
    if (options.branch !== undefined || options.production === true) {
      throw new MetaflowError(ErrorCode.UsageError, `--branch and --production need a project: add @project({ name: "..." }) to ${flowName}.`);
    }
    return undefined;
  }
  if (!/^[a-z0-9_]+$/.test(projectName)) throw new MetaflowError(ErrorCode.UsageError, `@project name ${JSON.stringify(projectName)}: use lower-case letters, digits and '_' only.`);
  const { branch, production } = projectBranch(user, options);
  return { name: projectName, branch, production, flowName: `${projectName}.${branch}.${flowName}` };
}

/**
 * `--branch` / `--production` from the environment, as Metaflow reads them: `METAFLOW_BRANCH`,
 * and `METAFLOW_PRODUCTION` (`true`/`1`/`yes`, any case). Explicit options win.
 */
export function projectOptionsFromEnv(env: Readonly<Record<string, string | undefined>>, given: ProjectBranchOptions = {}): ProjectBranchOptions {
  const branch = given.branch ?? (env.METAFLOW_BRANCH === undefined || env.METAFLOW_BRANCH === "" ? undefined : env.METAFLOW_BRANCH);
  const production = given.production ?? (/^(true|1|yes)$/i.test(env.METAFLOW_PRODUCTION ?? "") ? true : undefined);
  return { ...(branch === undefined ? {} : { branch }), ...(production === undefined ? {} : { production }) };
}

/**
 * The project of a local run: `--branch`/`--production` as given (refused without `@project`),
 * else `METAFLOW_BRANCH`/`METAFLOW_PRODUCTION` (ignored without `@project`, as they may be set for
 * other flows).
 */
export function runProject(projectName: string | undefined, flowName: string, user: string, env: Readonly<Record<string, string | undefined>>, given: ProjectBranchOptions): ProjectInfo | undefined {
  return projectOf(projectName, flowName, user, projectName === undefined ? given : projectOptionsFromEnv(env, given));
}

/** The system tags of a run in a project. */
export function projectTags(project: ProjectInfo | undefined): string[] {
  return project === undefined ? [] : [`project:${project.name}`, `project_branch:${project.branch}`];
}
