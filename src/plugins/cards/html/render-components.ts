/**
 * Renders the components of a card one by one; a component that throws (or is not a component)
 * shows what went wrong in its place and the rest of the card still renders.
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html, trusted, type SafeHtml } from "./escape.js";

/** The HTML of one component, or a box saying why it could not be rendered. */
export async function renderComponent(component: CardComponent): Promise<SafeHtml> {
  if (typeof (component as Partial<CardComponent> | null)?.render !== "function") {
    return errorBox(`Not a card component (got ${component === null ? "null" : typeof component}); use Markdown, Table, Image, VegaChart, ProgressBar or Artifact from "metaflow-ts/cards".`);
  }
  try {
    const out = await component.render();
    if (typeof out !== "string") return errorBox(`A component's render() returned ${typeof out}, not an HTML string.`);
    return trusted(out);
  } catch (e) {
    return errorBox(`This component could not be rendered: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

/** The components, each wrapped in a block. */
export async function renderComponents(components: readonly CardComponent[]): Promise<SafeHtml> {
  const parts = await Promise.all(components.map(renderComponent));
  return html`${parts.map((p) => html`<div class="mf-component">${p}</div>\n`)}`;
}

/** A visible error in place of a component. */
export function errorBox(message: string): SafeHtml {
  return html`<div class="mf-error" role="alert">${message}</div>`;
}
