/**
 * Where a workload stores its runs: a local datastore in its working directory (`<dir>/ds`), or
 * a prefix per working directory under `BENCH_S3_ROOT` (`s3://bucket/prefix`, reached through the
 * AWS_* variables of the environment, as the CLI reaches it).
 * @module
 */
import path from "node:path";
import { openStorage } from "../../src/datastore/storage-registry.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";

/** A datastore location per working directory. */
export interface Store {
  readonly kind: "local" | "s3";
  /** The `--datastore-root` of a working directory. */
  rootOf(dir: string): string;
  /** Deletes what a working directory's runs stored outside it (nothing for a local store). */
  remove(dir: string): Promise<void>;
}

/** `<dir>/ds`, removed with the directory. */
export const localStore: Store = { kind: "local", rootOf: (dir) => path.join(dir, "ds"), remove: async () => undefined };

/** The S3 store of `BENCH_S3_ROOT`, or undefined when it is not set. */
export function s3StoreFromEnv(env: NodeJS.ProcessEnv = process.env): Store | undefined {
  const root = env["BENCH_S3_ROOT"]?.replace(/\/+$/, "");
  if (root === undefined || root === "") return undefined;
  if (!root.startsWith("s3://")) throw new Error(`BENCH_S3_ROOT must be an s3://bucket/prefix root; got ${root}`);
  const rootOf = (dir: string): string => `${root}/${path.basename(dir)}`;
  return {
    kind: "s3",
    rootOf,
    remove: async (dir) => {
      registerBuiltinBackends();
      const storage = openStorage(rootOf(dir));
      await storage.delete("");
      (storage as { close?: () => void }).close?.();
    },
  };
}
