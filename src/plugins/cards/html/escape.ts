/**
 * HTML escaping for cards: every piece of text a card shows goes through {@link escapeHtml},
 * so a `<script>` in an artifact, a table cell or a title is shown as text.
 * @module
 */

const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and (quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** A tagged template that escapes every interpolated value unless it is {@link SafeHtml}. */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += htmlOf(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** HTML known to be safe (built by {@link html} or from escaped parts). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks a string produced by a trusted renderer (already escaped) as HTML. */
export function trusted(value: string): SafeHtml {
  return new SafeHtml(value);
}

function htmlOf(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(htmlOf).join("");
  if (v === undefined || v === null || v === false) return "";
  return escapeHtml(String(v));
}
