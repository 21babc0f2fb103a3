/** The card components of metaflow-ts/cards: what each renders, escaping, and how each fails. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Artifact, Image, Markdown, ProgressBar, Table, VegaChart, type CardComponent } from "metaflow-ts/cards";
import { escapeHtml, html } from "../../src/plugins/cards/html/escape.js";
import { renderComponents } from "../../src/plugins/cards/html/render-components.js";
import { isVegaSpec } from "../../src/plugins/cards/components/vega-chart.js";
import { sniffImageType } from "../../src/plugins/cards/components/image.js";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const noScript = (out: string): void => assert.doesNotMatch(out, /<script/i, out);

describe("escaping", () => {
  test("escapeHtml escapes the five HTML characters", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
  test("html`` escapes interpolated text but keeps nested html`` and joins arrays", () => {
    const inner = html`<b>${"<i>"}</b>`;
    assert.equal(html`<p>${"<script>"}${inner}${["<", html`<br>`]}${undefined}</p>`.value, "<p>&lt;script&gt;<b>&lt;i&gt;</b>&lt;<br></p>");
  });
});

describe("Markdown", () => {
  test("renders CommonMark; raw HTML shows as text; javascript: links are not links", async () => {
    const out = await Markdown("# Title\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)").render();
    assert.match(out, /<h1>Title<\/h1>/);
    assert.match(out, /<strong>bold<\/strong>/);
    assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(out, /href="javascript/i);
    assert.match(out, /<a href="https:\/\/example.com">ok<\/a>/);
    noScript(out);
  });
  test("update() replaces the text", async () => {
    const md = Markdown("one");
    md.update("two");
    assert.equal(md.text, "two");
    assert.match(await md.render(), /two/);
  });
});

describe("Table", () => {
  test("headers and cells are escaped; a component in a cell renders as HTML", async () => {
    const out = await Table([["<b>x</b>", Markdown("*em*")], [1, { a: 1 }]], { headers: ["<h>", "v"] }).render();
    assert.match(out, /<th scope="col">&lt;h&gt;<\/th>/);
    assert.match(out, /<td>&lt;b&gt;x&lt;\/b&gt;<\/td>/);
    assert.match(out, /<em>em<\/em>/);
    assert.match(out, /<td>\{ a: 1 \}<\/td>/);
    noScript(out);
  });
  test("rows of objects: headers from their keys, missing cells empty; addRow adds one", async () => {
    const t = Table([{ model: "a", score: 0.9 }]);
    t.addRow({ model: "b", extra: true });
    const out = await t.render();
    assert.match(out, /<th scope="col">model<\/th><th scope="col">score<\/th><th scope="col">extra<\/th>/);
    assert.match(out, /<tr><td>b<\/td><td><\/td><td>true<\/td><\/tr>/);
  });
  test("a long cell is cut with its full length noted", async () => {
    const out = await Table([["y".repeat(600)]], { maxCellChars: 50 }).render();
    assert.match(out, /y{49}… \(600 chars in all\)/);
  });
});

describe("Image", () => {
  test("bytes become a data URL of the sniffed type; alt and caption escaped", async () => {
    const out = await Image(PNG, { alt: `"quoted"`, caption: "<c>" }).render();
    assert.match(out, /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="&quot;quoted&quot;">/);
    assert.match(out, /<figcaption>&lt;c&gt;<\/figcaption>/);
  });
  test("image types are sniffed from their bytes", () => {
    assert.equal(sniffImageType(PNG), "image/png");
    assert.equal(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg");
    assert.equal(sniffImageType(Buffer.from("GIF89a")), "image/gif");
    assert.equal(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')), "image/svg+xml");
    assert.equal(sniffImageType(Buffer.from("hello")), undefined);
  });
  test("unknown bytes and unsafe URLs fail when rendered (never when created)", async () => {
    const bad = Image(Buffer.from("not an image"));
    assert.throws(() => bad.render(), /not a PNG, JPEG, GIF, WebP or SVG/);
    assert.throws(() => Image("javascript:alert(1)").render(), /not an http\(s\) URL/);
    assert.match(await Image("https://example.com/a.png").render(), /src="https:\/\/example.com\/a.png"/);
  });
});

describe("ProgressBar", () => {
  test("shows value, max and percent as text; update() moves it", async () => {
    const bar = ProgressBar({ max: 8, label: "<epochs>" });
    assert.match(await bar.render(), /0 \/ 8 \(0%\)/);
    bar.update(2, "steps");
    const out = await bar.render();
    assert.match(out, /<progress max="8" value="2" aria-label="steps">25%<\/progress><span>2 \/ 8 \(25%\)<\/span>/);
    assert.equal(bar.value, 2);
  });
  test("an invalid max fails the component, not the caller", () => {
    assert.throws(() => ProgressBar({ max: 0 }).render(), /max must be a number > 0/);
  });
});

describe("Artifact", () => {
  test("previews any value as escaped text, under an optional name", async () => {
    const out = await Artifact(new Map([["k", "</pre><script>"]]), { name: "<m>" }).render();
    assert.match(out, /<figcaption>&lt;m&gt;<\/figcaption>/);
    assert.match(out, /Map\(1\) \{ &#39;k&#39; =&gt; &#39;&lt;\/pre&gt;&lt;script&gt;&#39; \}/);
    noScript(out);
  });
  test("long values are truncated", async () => {
    const out = await Artifact("z".repeat(5000), { maxChars: 100 }).render();
    assert.match(out, /z{99}… \(5,000 chars in all\)/);
  });
});

describe("VegaChart", () => {
  const spec = {
    description: "<desc>",
    data: { values: [{ a: "<script>x</script>", b: 2 }, { a: "y", b: 5 }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
  };
  test("a Vega-Lite spec renders to inline SVG in Node; data text is escaped", async () => {
    const out = await VegaChart(spec).render();
    assert.match(out, /^<figure role="img" aria-label="&lt;desc&gt;"><svg /);
    assert.match(out, /&lt;script&gt;x&lt;\/sc/);
    noScript(out);
  });
  test("a spec that wants data from a URL fails with a message (nothing is fetched)", async () => {
    await assert.rejects(async () => VegaChart({ data: { url: "https://example.com/d.csv" }, mark: "bar" }).render(), /renders offline and loads nothing/);
  });
  test("Vega specs are told from Vega-Lite specs", () => {
    assert.equal(isVegaSpec({ marks: [] }), true);
    assert.equal(isVegaSpec({ $schema: "https://vega.github.io/schema/vega/v5.json" }), true);
    assert.equal(isVegaSpec({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", marks: [] }), false);
    assert.equal(isVegaSpec({ mark: "bar" }), false);
  });
});

describe("renderComponents", () => {
  test("a component that throws, or a value that is not a component, shows an error in its place; the others render", async () => {
    const broken: CardComponent = {
      render() {
        throw new Error("<broken>");
      },
    };
    const out = (await renderComponents([Markdown("before"), broken, 42 as unknown as CardComponent, Markdown("after")])).value;
    assert.match(out, /before/);
    assert.match(out, /could not be rendered: Error: &lt;broken&gt;/);
    assert.match(out, /Not a card component \(got number\)/);
    assert.match(out, /after/);
  });
});
