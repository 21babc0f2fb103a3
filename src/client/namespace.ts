/**
 * Client namespaces: which runs the client sees. Default: the current user's (`user:<name>`).
 * @module
 */
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

/** The namespace in effect: the selected one, else `user:<current user>`. */
export function getNamespace(): string | null {
  return selected === undefined ? `user:${currentUser()}` : selected;
}
