/**
 * What a step sees of its cards: `current.card.append(...)`, `current.card.refresh()`,
 * `current.card.get(id)`. Components are values that render themselves to HTML; the built-in
 * ones come from `metaflow-ts/cards`. Pure types.
 * @module
 */

/** A piece of a card (Markdown, Table, Image, VegaChart, ProgressBar, Artifact, or your own). */
export interface CardComponent {
  /**
   * The component's HTML. Text in it must be escaped: a card shows every value as text.
   * May be async (a chart renders to SVG). A component that throws shows the error in its place.
   */
  render(): string | Promise<string>;
}

/** One card of the running task: a list of components, stored when the task ends. */
export interface CardHandle {
  /** The card's `id` from `@card({ id })`; undefined for a card without one. */
  readonly id: string | undefined;
  /** The card's type (`default`, `blank`, ...). */
  readonly type: string;
  /** The components added so far, in order. */
  readonly components: readonly CardComponent[];
  /** Adds components at the end of the card. */
  append(...components: CardComponent[]): void;
  /** Removes every component added so far. */
  clear(): void;
  /**
   * Re-renders the card and stores it while the task still runs, so its progress can be watched
   * (`card get` or the UI). Calls closer together than the card's `refreshInterval` are merged:
   * the latest state is stored once the interval has passed. Never throws; never waits.
   */
  refresh(): void;
}

/**
 * `current.card`: the step's default card (its card without an `id`, or its only card) plus
 * {@link CurrentCard.get} for the others. Without `@card` on the step, appending does nothing
 * (a warning on stderr says so), so a step runs the same with and without its cards.
 */
export interface CurrentCard extends CardHandle {
  /** The card declared with `@card({ id })`. An unknown id warns and returns a card that is never stored. */
  get(id: string): CardHandle;
  /** Every card of the step, in the order of its `@card` decorators. */
  readonly all: readonly CardHandle[];
}
