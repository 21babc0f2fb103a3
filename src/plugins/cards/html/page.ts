/**
 * The HTML document every built-in card is: a title, inline styles, the body. No script, no
 * external resource: a card opens offline, from a file, in the UI or in a mail.
 * @module
 */
import { html, trusted, type SafeHtml } from "./escape.js";

const styles = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;--accent:#0969da;--bad:#d1242f;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;--line:#3d444d;--accent:#4493f8;--bad:#f85149;--ok:#3fb950}}
*{box-sizing:border-box}
body{margin:0;padding:1.5rem 2rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:72rem}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.mf-sub{color:var(--muted);margin:0 0 1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:14px}th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--panel)}
pre,code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;overflow:auto;max-height:24rem;white-space:pre-wrap;word-break:break-word;margin:0}
td pre{max-height:12rem}
dl.mf-facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dl.mf-facts dt{color:var(--muted)}dl.mf-facts dd{margin:0}
.mf-status-succeeded{color:var(--ok);font-weight:600}.mf-status-failed{color:var(--bad);font-weight:600}.mf-status-running{color:var(--accent);font-weight:600}
.mf-component{margin:.75rem 0}
.mf-error{border:1px solid var(--bad);border-radius:6px;padding:.5rem .75rem;background:color-mix(in srgb,var(--bad) 8%,transparent)}
.mf-progress{display:flex;align-items:center;gap:.75rem}.mf-progress progress{width:min(30rem,100%);height:1rem}
.mf-muted{color:var(--muted)}
figure{margin:.75rem 0}figure img,figure svg{max-width:100%;height:auto}figcaption{color:var(--muted);font-size:13px}
.mf-graph svg{max-width:100%;height:auto}
`;

/** A complete card document. `body` must be safe HTML (escaped text, trusted markup). */
export function cardPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="metaflow-ts card">
<title>${title}</title>
<style>${trusted(styles)}</style>
</head><body>
${body}
</body></html>
`.value;
}

