/**
 * A local file of a run's code package, for `import()`: the stored file itself when the storage
 * is a local directory, else a hash-checked copy in a per-user cache folder (written once per
 * machine, atomically, so concurrent tasks share it).
 * @module
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ErrorCode, MetaflowError } from "../errors.js";
import { sha256 } from "./content-addressed-store.js";
import type { FlowDatastore } from "./flow-datastore.js";

/** Folder of cached code packages (`$METAFLOW_TS_CODE_CACHE`, else `<tmp>/metaflow-ts-code-<uid>`). */
function cacheDir(env: NodeJS.ProcessEnv): string {
  return env.METAFLOW_TS_CODE_CACHE ?? path.join(os.tmpdir(), `metaflow-ts-code-${os.userInfo().uid}`);
}

/** Path of a local file holding the code package `sha` of the flow. */
export async function codePackagePath(fds: FlowDatastore, sha: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = fds.codeKey(sha);
  const local = fds.storage.localPath?.(key);
  if (local !== undefined) return local;
  const file = path.join(cacheDir(env), `${sha}.mjs`);
  if (await fs.access(file).then(() => true, () => false)) return file;
  const code = await fds.readCodePackage(sha);
  if (code === undefined) throw new MetaflowError(ErrorCode.DataCorruption, `The code package ${key} is missing from ${fds.storage.location}; the run cannot continue. Start a new run.`);
  if (sha256(code) !== sha) throw new MetaflowError(ErrorCode.DataCorruption, `The code package ${key} in ${fds.storage.location} no longer matches its hash ${sha}. Start a new run.`);
  await writeCached(file, code);
  return file;
}

/**
 * Puts a code package the caller holds (and has just stored) into this machine's cache, so that
 * the scheduler and its tasks on this machine never download it back from a remote datastore.
 * Best effort: a cache that cannot be written only means a download later.
 */
export async function cacheCodePackage(sha: string, code: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = path.join(cacheDir(env), `${sha}.mjs`);
  if (await fs.access(file).then(() => true, () => false)) return;
  await writeCached(file, code).catch(() => undefined);
}

/** Writes a cache file atomically (temp file, then rename), so concurrent readers see it whole or not at all. */
async function writeCached(file: string, code: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  await fs.writeFile(tmp, code);
  await fs.rename(tmp, file);
}
