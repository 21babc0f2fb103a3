/**
 * Card components: what a step appends to its cards with `current.card.append(...)`.
 * Every text a component shows is escaped; charts render to SVG offline.
 *
 * @example
 * ```ts
 * import { FlowSpec, step, card, current } from "metaflow-ts";
 * import { Markdown, Table, ProgressBar } from "metaflow-ts/cards";
 *
 * export default class TrainFlow extends FlowSpec {
 *   @card({ type: "blank", refreshInterval: 2 })
 *   @step
 *   start() {
 *     const bar = ProgressBar({ max: 10, label: "epochs" });
 *     current.card.append(Markdown("# Training"), bar);
 *     for (let epoch = 1; epoch <= 10; epoch++) { bar.update(epoch); current.card.refresh(); }
 *     current.card.append(Table([["accuracy", 0.93]], { headers: ["metric", "value"] }));
 *     this.next(this.end);
 *   }
 *   @step end() {}
 * }
 * ```
 * @module
 */
export { Markdown } from "../plugins/cards/components/markdown.js";
export type { MarkdownComponent } from "../plugins/cards/components/markdown.js";
export { Table } from "../plugins/cards/components/table.js";
export type { TableComponent, TableOptions } from "../plugins/cards/components/table.js";
export { Image } from "../plugins/cards/components/image.js";
export type { ImageComponent, ImageOptions } from "../plugins/cards/components/image.js";
export { VegaChart } from "../plugins/cards/components/vega-chart.js";
export type { VegaChartComponent, VegaChartOptions, VegaSpec } from "../plugins/cards/components/vega-chart.js";
export { ProgressBar } from "../plugins/cards/components/progress-bar.js";
export type { ProgressBarComponent, ProgressBarOptions } from "../plugins/cards/components/progress-bar.js";
export { Artifact } from "../plugins/cards/components/artifact.js";
export type { ArtifactOptions } from "../plugins/cards/components/artifact.js";
export type { CardComponent, CardHandle, CurrentCard } from "../flow/card-api.js";
