/**
 * Renders one card with its renderer, within its time limit. Never throws: when the renderer
 * is missing, throws, returns something other than HTML or takes too long, the result is a card
 * that says why.
 * @module
 */
import type { CardRenderer, CardRenderInput } from "../../flow/card-renderer.js";
import { errorCardHtml } from "./error-card.js";

/** A rendered card; `error` is set when the HTML is the page explaining a failure. */
export interface RenderedCard {
  readonly html: string;
  readonly error?: string;
}

/** Renders `input` with the renderer of its type, giving up after `timeoutMs`. */
export async function renderCard(input: CardRenderInput, renderers: readonly CardRenderer[], timeoutMs: number): Promise<RenderedCard> {
  const title = `Card ${input.id ?? `(${input.type})`}`;
  const fail = (reason: string): RenderedCard => ({ html: errorCardHtml(title, input.task.pathspec, reason), error: reason });
  const renderer = renderers.find((r) => r.type === input.type);
  if (renderer === undefined) {
    return fail(`No renderer for card type '${input.type}'. Known types: ${renderers.map((r) => r.type).join(", ") || "(none)"}.`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Not unref'd: a render that waits on nothing must still end in this timeout, not in a silent exit.
    timer = setTimeout(() => reject(new Error(`Rendering took longer than ${timeoutMs / 1000} s (@card timeout); the card was given up.`)), timeoutMs);
  });
  try {
    const html = await Promise.race([renderer.render(input), timeout]);
    if (typeof html !== "string") return fail(`The '${input.type}' renderer returned ${typeof html}, not an HTML string.`);
    return { html };
  } catch (e) {
    return fail(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  } finally {
    clearTimeout(timer);
  }
}
