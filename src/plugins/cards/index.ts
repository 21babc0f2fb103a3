/**
 * The built-in cards: the `default` and `blank` renderers and the behaviour of `@card`,
 * handed to the runtime by the composition roots. A renderer is known by its type at once and
 * imported when it first renders a card, so that tasks without `@card` do not load it.
 * @module
 */
import type { CardRenderer, CardRenderInput } from "../../flow/card-renderer.js";
import { cardDecoratorImplementation } from "./card-decorator.js";

/** A renderer of `type` whose implementation `load` imports on its first render (once). */
function lazyCardRenderer(type: string, load: () => Promise<CardRenderer>): CardRenderer {
  let loaded: Promise<CardRenderer> | undefined;
  return { type, render: async (input: CardRenderInput) => (await (loaded ??= load())).render(input) };
}

/** Built-in card renderers. */
export const builtinCardRenderers: readonly CardRenderer[] = [
  lazyCardRenderer("default", async () => (await import("./default-renderer.js")).defaultCardRenderer),
  lazyCardRenderer("blank", async () => (await import("./blank-renderer.js")).blankCardRenderer),
];

/** `@card`'s checks, for the built-in renderers. */
export const cardImplementation = cardDecoratorImplementation(builtinCardRenderers);
