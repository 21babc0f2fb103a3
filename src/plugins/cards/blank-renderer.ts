/**
 * The `blank` card: only what the step appended (a report of your own making).
 * @module
 */
import type { CardRenderer } from "../../flow/card-renderer.js";
import { html } from "./html/escape.js";
import { cardPage } from "./html/page.js";
import { renderComponents } from "./html/render-components.js";

/** Renders `blank` cards. */
export const blankCardRenderer: CardRenderer = {
  type: "blank",
  async render(input) {
    const body = input.components.length === 0 ? html`<p class="mf-muted">This card is empty: append components with current.card.append(...).</p>` : await renderComponents(input.components);
    return cardPage(`${input.task.pathspec}${input.id === undefined ? "" : ` · ${input.id}`}`, body);
  },
};
