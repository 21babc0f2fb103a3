/**
 * Profiles: settings a team writes once instead of exporting them in every shell. A profile is a
 * JSON object of environment variables, kept in the user's config folder:
 * `$METAFLOW_HOME` (default `~/.metaflowconfig`)`/config.json`, or `config_<name>.json` when
 * `METAFLOW_PROFILE=<name>` selects another one (as Metaflow does). Example:
 * ```json
 * { "METAFLOW_DATASTORE_ROOT": "s3://team-bucket/metaflow", "AWS_ENDPOINT_URL_S3": "https://minio.example:9000" }
 * ```
 * A profile only fills in variables the environment does not set: the environment overrides the
 * profile, and command-line flags override both.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";

/** The variables a profile may set. */
export const PROFILE_KEYS = [
  "METAFLOW_DATASTORE_ROOT",
  "METAFLOW_SERVICE_URL",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ENDPOINT_URL",
  "AWS_REGION",
  "AWS_PROFILE",
  "AWS_MAX_ATTEMPTS",
] as const;

/** Settings of a profile: variable name -> value. */
export type Profile = Partial<Record<(typeof PROFILE_KEYS)[number], string>>;

/** The profile file in effect for this environment. */
export function profilePath(env: NodeJS.ProcessEnv = process.env, name = env.METAFLOW_PROFILE): string {
  const home = env.METAFLOW_HOME ?? path.join(os.homedir(), ".metaflowconfig");
  return path.join(home, name ? `config_${name}.json` : "config.json");
}

/** Reads the profile in effect; {} when there is no file (an explicitly selected profile must exist). */
export function readProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const file = profilePath(env);
  if (!existsSync(file)) {
    if (env.METAFLOW_PROFILE) throw new MetaflowError(ErrorCode.UsageError, `METAFLOW_PROFILE=${env.METAFLOW_PROFILE}, but there is no profile ${file}. Create it with \`metaflow-ts configure --profile ${env.METAFLOW_PROFILE} ...\`, or unset METAFLOW_PROFILE.`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new MetaflowError(ErrorCode.UsageError, `The profile ${file} is not valid JSON (${(e as Error).message}). Fix it, or write it again with \`metaflow-ts configure\`.`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new MetaflowError(ErrorCode.UsageError, `The profile ${file} must be a JSON object of settings, e.g. {"METAFLOW_DATASTORE_ROOT": "s3://bucket/prefix"}.`);
  }
  const profile: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) throw new MetaflowError(ErrorCode.UsageError, `Unknown setting '${key}' in the profile ${file}; known settings: ${PROFILE_KEYS.join(", ")}.`);
    if (typeof value !== "string") throw new MetaflowError(ErrorCode.UsageError, `The setting '${key}' in the profile ${file} must be a string.`);
    profile[key] = value;
  }
  return profile;
}

/** Fills in `env` (default: this process's) from the profile where it has no value; returns what was filled in. */
export function applyProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const applied: Record<string, string> = {};
  for (const [key, value] of Object.entries(readProfile(env))) {
    if (env[key] === undefined || env[key] === "") env[key] = applied[key] = value as string;
  }
  return applied;
}

/** Writes a profile (merged over the existing one of that name); returns the file written. */
export async function writeProfile(settings: Profile, env: NodeJS.ProcessEnv = process.env, name?: string): Promise<string> {
  const file = profilePath(env, name ?? env.METAFLOW_PROFILE);
  const current = existsSync(file) ? (JSON.parse(await fs.readFile(file, "utf8")) as Profile) : {};
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
  return file;
}
