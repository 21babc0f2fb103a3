/**
 * `VegaChart(spec)`: a Vega-Lite (or Vega) chart, rendered to SVG in Node when the card is
 * rendered, with the `vega` and `vega-lite` packages. The card holds the finished SVG: no script,
 * no CDN, nothing fetched when it is shown. Data must be inline (`data: { values: [...] }`):
 * rendering loads nothing from a URL or a file.
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html, trusted } from "../html/escape.js";

/** A Vega-Lite or Vega specification (JSON). */
export type VegaSpec = Readonly<Record<string, unknown>>;

/** Options of {@link VegaChart}. */
export interface VegaChartOptions {
  /** Text for screen readers. @default the spec's `description` or `title` */
  readonly alt?: string;
  readonly caption?: string;
}

/** A chart whose spec can be replaced (then `current.card.refresh()`). */
export interface VegaChartComponent extends CardComponent {
  readonly spec: VegaSpec;
  update(spec: VegaSpec): void;
}

/**
 * A chart from a Vega-Lite spec (a Vega spec works too: one with `marks` or a Vega `$schema`).
 *
 * @example
 * ```ts
 * current.card.append(VegaChart({
 *   mark: "line",
 *   data: { values: losses.map((loss, epoch) => ({ epoch, loss })) },
 *   encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
 * }));
 * ```
 */
export function VegaChart(spec: VegaSpec, options: VegaChartOptions = {}): VegaChartComponent {
  let current = spec;
  return {
    get spec() {
      return current;
    },
    update(next) {
      current = next;
    },
    async render() {
      const svg = await renderVegaSvg(current);
      const title = typeof current.title === "string" ? current.title : undefined;
      const alt = options.alt ?? (typeof current.description === "string" ? current.description : title) ?? "chart";
      return html`<figure role="img" aria-label="${alt}">${trusted(svg)}${options.caption === undefined ? "" : html`<figcaption>${options.caption}</figcaption>`}</figure>`.value;
    },
  };
}

/** Whether a spec is Vega (not Vega-Lite): a Vega `$schema`, or `marks` without a `$schema`. */
export function isVegaSpec(spec: VegaSpec): boolean {
  const schema = typeof spec.$schema === "string" ? spec.$schema : "";
  if (schema.includes("vega-lite")) return false;
  if (/\/schema\/vega\//.test(schema)) return true;
  return Array.isArray(spec.marks);
}

/** Renders a spec to an SVG string, offline. */
export async function renderVegaSvg(spec: VegaSpec): Promise<string> {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) throw new Error("VegaChart takes a Vega-Lite spec object, e.g. { mark: 'bar', data: { values: [...] }, encoding: {...} }.");
  const vega = await import("vega");
  const vegaSpec = isVegaSpec(spec) ? spec : (await import("vega-lite")).compile(spec as never).spec;
  const loader = vega.loader();
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`VegaChart renders offline and loads nothing: inline the data (data: { values: [...] }) instead of ${JSON.stringify(uri)}.`);
  };
  loader.load = refuse;
  loader.sanitize = refuse;
  // Vega reports dataflow errors (a refused load, a bad expression) to its logger and renders on:
  // collect them and fail, so the card shows why instead of an empty chart.
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.error = (...args: readonly unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
    return logger;
  };
  logger.warn = (...args: readonly unknown[]) => {
    // A failed load is only a warning to Vega (the chart renders empty); here it is an error.
    if (typeof args[0] === "string" && /^(Loading|Data ingestion) failed/.test(args[0])) logger.error(...args);
    return logger;
  };
  const view = new vega.View(vega.parse(vegaSpec as never), { renderer: "none", loader, logger });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`VegaChart: ${errors.join("; ")}`);
    return svg;
  } finally {
    view.finalize();
  }
}
