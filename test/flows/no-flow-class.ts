/**
 * Not a flow: a module without a FlowSpec subclass. `run`/`check` must say so clearly.
 * @module
 */

/** A plain function, not a flow. */
export default function notAFlow(): string {
  return "no flow here";
}

export const value = 42;
