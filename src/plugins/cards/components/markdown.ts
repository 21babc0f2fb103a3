/**
 * `Markdown(text)`: CommonMark rendered with markdown-it, raw HTML disabled (a `<script>` in
 * the text shows as text) and unsafe link schemes (javascript:, vbscript:, file:) refused.
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";

type MarkdownRenderer = { render(text: string): string };
let renderer: Promise<MarkdownRenderer> | undefined;

function markdownIt(): Promise<MarkdownRenderer> {
  // Loaded on first use: a task without cards never pays for it.
  renderer ??= import("markdown-it").then(({ default: MarkdownIt }) => new MarkdownIt({ html: false, linkify: false, typographer: false }));
  return renderer;
}

/** A Markdown block; `update(text)` replaces its text (then `current.card.refresh()`). */
export interface MarkdownComponent extends CardComponent {
  readonly text: string;
  update(text: string): void;
}

/**
 * A block of Markdown.
 *
 * @example
 * ```ts
 * current.card.append(Markdown(`# Results\nAccuracy: **${acc}**`));
 * ```
 */
export function Markdown(text: string): MarkdownComponent {
  let current = String(text);
  return {
    get text() {
      return current;
    },
    update(next: string) {
      current = String(next);
    },
    async render() {
      return (await markdownIt()).render(current);
    },
  };
}
