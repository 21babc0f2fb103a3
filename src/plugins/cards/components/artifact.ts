/**
 * `Artifact(value, { name })`: any value, previewed as text (truncated when long).
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html } from "../html/escape.js";
import { previewHtml, PREVIEW_CHARS } from "../html/value-preview.js";

/** Options of {@link Artifact}. */
export interface ArtifactOptions {
  /** A heading shown above the value. */
  readonly name?: string;
  /** Longest preview, in characters. @default 2000 */
  readonly maxChars?: number;
}

/**
 * A value shown as text: strings as they are, objects and arrays as `util.inspect` prints them.
 *
 * @example
 * ```ts
 * current.card.append(Artifact(this.metrics, { name: "metrics" }));
 * ```
 */
export function Artifact(value: unknown, options: ArtifactOptions = {}): CardComponent {
  return {
    render() {
      const body = previewHtml(value, options.maxChars ?? PREVIEW_CHARS);
      return (options.name === undefined ? body : html`<figure><figcaption>${options.name}</figcaption>${body}</figure>`).value;
    },
  };
}
