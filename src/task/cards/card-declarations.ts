/**
 * The cards a step declares: its `@card` decorators, read into plain settings.
 * @module
 */
import type { AppliedDecorator } from "../../flow/metadata-keys.js";

/** One `@card` of a step, with defaults applied. */
export interface CardDeclaration {
  /** Position among the step's `@card` decorators (top first). */
  readonly slot: number;
  readonly id: string | undefined;
  readonly type: string;
  /** Least time between two stored refreshes. */
  readonly refreshIntervalMs: number;
  /** Longest a render may take before the card says it timed out. */
  readonly timeoutMs: number;
  /** `@card({ customize: true })`: this card is the one `current.card.append` adds to. */
  readonly customize: boolean;
}

/** Default `refreshInterval`, in seconds. */
export const DEFAULT_REFRESH_INTERVAL_S = 1;
/** Default `timeout` of a card render, in seconds (Metaflow's is 45). */
export const DEFAULT_CARD_TIMEOUT_S = 45;

/** The step's cards, from its applied decorators (attributes already validated at run start). */
export function cardDeclarationsOf(applied: readonly AppliedDecorator[]): CardDeclaration[] {
  return applied
    .filter((d) => d.name === "card")
    .map((d, slot) => {
      const a = d.attributes;
      const seconds = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);
      return {
        slot,
        id: typeof a.id === "string" ? a.id : undefined,
        type: typeof a.type === "string" ? a.type : "default",
        refreshIntervalMs: seconds(a.refreshInterval, DEFAULT_REFRESH_INTERVAL_S) * 1000,
        timeoutMs: seconds(a.timeout, DEFAULT_CARD_TIMEOUT_S) * 1000,
        customize: a.customize === true,
      };
    });
}
