/**
 * Client namespaces: which runs the client sees. Default: the current user's (`user:<name>`).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { currentUser } from "../metadata/current-user.js";

let selected: string | null | undefined;

/**
 * Selects the namespace the client reads: `namespace("user:alice")`, a tag, or `null` for all runs.
 * Returns the namespace now in effect.
 */
export function namespace(ns: string | null): string | null {
  selected = ns;
  return ns;
}

/** Goes back to the default namespace (a task thread does this before its next task). */
export function resetNamespace(): void {
  selected = undefined;
}

/** The namespace in effect: the selected one, else `user:<current user>`. */
export function getNamespace(): string | null {
  return selected === undefined ? `user:${currentUser()}` : selected;
}

/**
 * Throws a typed `NAMESPACE_MISMATCH` error unless a run with these tags is in the namespace in
 * effect. `what` names the object asked for (a run, step or task pathspec).
 */
export function assertInNamespace(what: string, run: { readonly user: string; readonly tags: readonly string[]; readonly systemTags: readonly string[] }): void {
  const ns = getNamespace();
  if (ns === null || run.tags.includes(ns) || run.systemTags.includes(ns)) return;
  throw new MetaflowError(
    ErrorCode.NamespaceMismatch,
    `${what} is not in namespace ${ns} (it belongs to user:${run.user}). Call namespace(null) to see every run, or namespace("user:${run.user}").`,
  );
}
