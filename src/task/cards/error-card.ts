/**
 * The card stored when a card cannot be rendered: a small HTML page that says why. It needs no
 * renderer, so it works even when the renderer itself is what failed.
 * @module
 */

/** Escapes text for HTML content and attribute values. */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** A self-contained page saying that card `title` of `pathspec` could not be rendered, and why. */
export function errorCardHtml(title: string, pathspec: string, reason: string): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtmlText(`${title} — ${pathspec}`)}</title>`,
    "<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1f2328}pre{white-space:pre-wrap;background:#fff4f4;border:1px solid #d1242f;padding:1rem;border-radius:6px}</style>",
    "</head><body>",
    `<h1>${escapeHtmlText(title)}</h1>`,
    `<p>${escapeHtmlText(pathspec)}</p>`,
    `<p role="alert"><strong>This card could not be rendered.</strong> The task itself is not affected.</p>`,
    `<pre>${escapeHtmlText(reason)}</pre>`,
    "</body></html>",
  ].join("\n");
}
