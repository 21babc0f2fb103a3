/**
 * How cards are stored for one task attempt (pure types):
 * ```
 * <Flow>/<run>/<step>/<task>/<n>.cards.json        the card index (rewritten atomically)
 * <Flow>/<run>/<step>/<task>/<n>.card-<slot>.html  one card's HTML (rewritten atomically)
 * ```
 * A card is written while the task runs (`refresh()`) and once more, final, before the done marker.
 * @module
 */

/** One card in the index. `slot` is its position among the step's `@card` decorators. */
export interface CardIndexEntry {
  readonly slot: number;
  readonly id?: string;
  readonly type: string;
  /** sha256 of the HTML stored for this entry (checked once the card is final). */
  readonly sha: string;
  readonly size: number;
  /** ISO time the HTML was stored. */
  readonly updatedAt: string;
  /** True once the task ended and the card will not change again. */
  readonly final: boolean;
  /** Set when rendering failed: the stored HTML says why. */
  readonly error?: string;
}

/** The card index of one attempt. */
export interface CardIndex {
  readonly cards: readonly CardIndexEntry[];
}
