/**
 * Tag changes on a run: validation and how a change applies to the current tags. Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";

/** A change of a run's user tags, applied atomically: first `remove`, then `add`. */
export interface TagChange {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/** Longest tag accepted (as Metaflow). */
export const MAX_TAG_LENGTH = 500;

/** A lone UTF-16 surrogate: text that has no UTF-8 form (Metaflow refuses tags that are not valid UTF-8). */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws a usage error unless `tag` is a non-empty string of at most {@link MAX_TAG_LENGTH} characters, valid Unicode. */
export function validateTag(tag: string): void {
  if (typeof tag !== "string" || tag.trim() === "" || tag.length > MAX_TAG_LENGTH) {
    throw new MetaflowError(ErrorCode.UsageError, `Invalid tag ${JSON.stringify(tag)}: a tag is a non-empty string of at most ${MAX_TAG_LENGTH} characters.`);
  }
  if (loneSurrogate.test(tag)) {
    throw new MetaflowError(ErrorCode.UsageError, `Invalid tag ${JSON.stringify(tag)}: it is not valid Unicode (a lone surrogate); a tag must be text that can be written as UTF-8.`);
  }
}

/**
 * Prefixes (and whole tags) of the system tags metaflow-ts and Metaflow set: a user tag that
 * looks like one would be mistaken for it (e.g. `user:bob` puts a run in bob's namespace).
 */
export const SYSTEM_TAG_PREFIXES: readonly string[] = ["user:", "runtime:", "metaflow_version:", "python_version:", "date:", "project:", "project_branch:"];

/** Tags that are system tags as a whole. */
const SYSTEM_TAGS: readonly string[] = ["metaflow-ts"];

/** Throws a usage error unless `tag` is a valid tag that is not reserved for system tags. */
export function validateUserTag(tag: string): void {
  validateTag(tag);
  const prefix = SYSTEM_TAG_PREFIXES.find((p) => tag.startsWith(p));
  if (prefix !== undefined || SYSTEM_TAGS.includes(tag)) {
    throw new MetaflowError(
      ErrorCode.UsageError,
      `Invalid tag ${JSON.stringify(tag)}: ${prefix === undefined ? "it is a system tag" : `tags starting with '${prefix}' are system tags`} set by metaflow-ts; choose a tag without the prefixes ${SYSTEM_TAG_PREFIXES.join(" ")}.`,
    );
  }
}

/**
 * The user tags after `change`. Removing a system tag is refused (system tags record who ran
 * the run and how; namespaces rely on them); removing an absent tag or adding a present one (a user
 * tag, or one of the run's system tags) is a no-op.
 */
export function applyTagChange(current: readonly string[], systemTags: readonly string[], change: TagChange): string[] {
  // As in Metaflow: adding a tag the run already has as a system tag is a no-op (only user tags are added);
  // a new tag that looks like a system tag is refused.
  const add = (change.add ?? []).filter((t) => !systemTags.includes(t));
  const remove = change.remove ?? [];
  for (const t of remove) validateTag(t);
  for (const t of add) validateUserTag(t);
  const system = remove.filter((t) => systemTags.includes(t) && !current.includes(t));
  if (system.length > 0) {
    throw new MetaflowError(
      ErrorCode.UsageError,
      `Cannot remove system tag${system.length > 1 ? "s" : ""} ${system.map((t) => `'${t}'`).join(", ")}: system tags are set by metaflow-ts and cannot be changed. Only user tags (added with --tag or addTag) can be removed.`,
    );
  }
  const next = current.filter((t) => !remove.includes(t));
  for (const t of add) if (!next.includes(t)) next.push(t);
  return next;
}

/** Whether two tag lists hold the same tags in the same order. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
