/**
 * Environments in the datastore, for machines that have neither the cache nor the registry
 * (remote steps, resume elsewhere): `<Flow>/environments/<id>.lock.json` (the lockfile; its sha256
 * is the id) and `<Flow>/environments/<id>.tgz` (the installed tree, packed with `tar`).
 * @module
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { StorageBackend } from "../../../datastore/storage.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";

/** Storage keys of an environment. */
export function environmentKeys(flowName: string, id: string): { readonly lockfile: string; readonly tree: string } {
  return { lockfile: `${flowName}/environments/${id}.lock.json`, tree: `${flowName}/environments/${id}.tgz` };
}

/** Stores the lockfile and the packed tree of an installed environment, unless the datastore has them. */
export async function storeEnvironment(storage: StorageBackend, flowName: string, id: string, lockfile: string, dir: string): Promise<void> {
  const keys = environmentKeys(flowName, id);
  await storage.writeIfAbsent(keys.lockfile, lockfile);
  if (await storage.exists(keys.tree)) return;
  await storage.writeIfAbsent(keys.tree, await tar(["-czf", "-", "-C", dir, "."]));
}

/** Unpacks the stored tree of environment `id` into `dir`; false when the datastore has no tree. */
export async function unpackEnvironment(storage: StorageBackend, flowName: string, id: string, dir: string): Promise<boolean> {
  const bytes = await storage.read(environmentKeys(flowName, id).tree);
  if (bytes === undefined) return false;
  const archive = path.join(dir, ".environment.tgz");
  await fs.writeFile(archive, bytes);
  await tar(["-xzf", archive, "-C", dir]);
  await fs.rm(archive);
  return true;
}

/** The stored lockfile of environment `id`, if any. */
export async function readStoredLockfile(storage: StorageBackend, flowName: string, id: string): Promise<string | undefined> {
  const bytes = await storage.read(environmentKeys(flowName, id).lockfile);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
}

function tar(args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("tar", args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new MetaflowError(ErrorCode.EnvironmentError, `Cannot run tar to pack or unpack an environment: ${e.message}. Install tar.`, { cause: e })));
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new MetaflowError(ErrorCode.EnvironmentError, `tar ${args[0]} failed: ${Buffer.concat(err).toString("utf8").trim()}`))));
  });
}
