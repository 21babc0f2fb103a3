/**
 * The built-in cards: the `default` and `blank` renderers and the behaviour of `@card`,
 * handed to the runtime by the composition roots.
 * @module
 */
import type { CardRenderer } from "../../public/plugin.js";
import { blankCardRenderer } from "./blank-renderer.js";
import { cardDecoratorImplementation } from "./card-decorator.js";
import { defaultCardRenderer } from "./default-renderer.js";

/** Built-in card renderers. */
export const builtinCardRenderers: readonly CardRenderer[] = [defaultCardRenderer, blankCardRenderer];

/** `@card`'s checks, for the built-in renderers. */
export const cardImplementation = cardDecoratorImplementation(builtinCardRenderers);
