/**
 * A run's user tags after it started, stored as numbered versions beside the run record:
 * `<Flow>/<run>/_tags/<n>.json` (`{ version, tags, updatedAt, user }`). An update reads the newest
 * version `n`, applies its change and writes version `n + 1` with `writeIfAbsent`; when another
 * writer took `n + 1` first, it reads again and retries. So concurrent updates never lose one
 * another, on any storage backend with an atomic create-if-absent, and the versions are a log
 * of every tag change. Without any version, the tags are those of the run record (`--tag`).
 * @module
 */
import type { StorageBackend } from "../datastore/storage.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { currentUser } from "./current-user.js";
import { applyTagChange, sameTags, type TagChange } from "./tag-change.js";

/** One stored version of a run's user tags. */
export interface TagsVersion {
  readonly version: number;
  readonly tags: readonly string[];
  readonly updatedAt: string;
  readonly user: string;
}

const MAX_TRIES = 200;

/** The folder of a run's tag versions. */
export function tagsPrefix(flowName: string, runId: string): string {
  return `${flowName}/${runId}/_tags`;
}

/** The newest tag version of a run, or undefined when its tags never changed. */
export async function readLatestTags(storage: StorageBackend, flowName: string, runId: string): Promise<TagsVersion | undefined> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const versions = (await storage.list(tagsPrefix(flowName, runId)))
      .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    if (versions.length === 0) return undefined;
    const bytes = await storage.read(`${tagsPrefix(flowName, runId)}/${Math.max(...versions)}.json`);
    if (bytes !== undefined) return JSON.parse(Buffer.from(bytes).toString("utf8")) as TagsVersion;
  }
  return undefined;
}

/** Applies `change` to the run's user tags (compare-and-retry); resolves to the new tags. */
export async function updateTags(
  storage: StorageBackend,
  flowName: string,
  runId: string,
  initial: { readonly tags: readonly string[]; readonly systemTags: readonly string[] },
  change: TagChange,
): Promise<readonly string[]> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const latest = await readLatestTags(storage, flowName, runId);
    const current = latest?.tags ?? initial.tags;
    const next = applyTagChange(current, initial.systemTags, change);
    if (sameTags(current, next)) return current;
    const version = (latest?.version ?? 0) + 1;
    const record: TagsVersion = { version, tags: next, updatedAt: new Date().toISOString(), user: currentUser() };
    if (await storage.writeIfAbsent(`${tagsPrefix(flowName, runId)}/${version}.json`, JSON.stringify(record))) return next;
  }
  throw new MetaflowError(ErrorCode.Storage, `Could not update the tags of ${flowName}/${runId}: ${MAX_TRIES} concurrent updates won the race. Try again.`);
}
