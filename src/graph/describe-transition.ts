/**
 * A transition in words, as `show` prints it.
 * @module
 */
import type { Transition } from "./types.js";

/** `=> a, b`, `foreach items => body`, `switch on temp: hot => a, cold => b`, `(end of the flow)`. */
export function describeTransition(transition: Transition): string {
  switch (transition.kind) {
    case "linear":
      return `=> ${transition.to}`;
    case "branch":
      return `=> ${transition.to.join(", ")}`;
    case "foreach":
      return `foreach ${transition.over} => ${transition.to}`;
    case "switch": {
      const cases = Object.entries(transition.cases).map(([key, to]) => `${key} => ${to}`);
      return `switch on ${transition.condition}: ${cases.join(", ")}`;
    }
    case "end":
      return "(end of the flow)";
    default: {
      const never: never = transition;
      return never;
    }
  }
}
