/**
 * The text and JSON that `metaflow-ts configs` prints: every resolved config as a tree, with
 * the source of each value beside it. Pure.
 * @module
 */
import { formatPath, isPlainObject, pathKey, type PathSegment } from "./config-path.js";
import { formatSource, type ValueSource } from "./provenance.js";
import type { ResolvedConfig } from "./resolve-config.js";

/** Renders configs for a terminal. */
export function renderConfigsText(flowName: string, configs: readonly ResolvedConfig[]): string {
  if (configs.length === 0) return `${flowName} declares no config.\n`;
  const blocks = configs.map((c) => {
    const head = `Config ${c.name}${c.field === c.name ? "" : ` (field ${c.field})`}: ${c.layers.length === 0 ? "no value" : `from ${c.layers.join(" + ")}`}${c.plain ? " (plain)" : ""}`;
    const rows: [string, string][] = [];
    walk(c.value, [], 1, rows, c);
    const width = Math.min(60, Math.max(0, ...rows.map(([left]) => left.length)));
    const body = rows.map(([left, src]) => (src === "" ? left : `${left.padEnd(width)}  # ${src}`));
    return [head, ...(c.help ? [`  (${c.help})`] : []), ...body].join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

function walk(value: unknown, at: readonly PathSegment[], depth: number, rows: [string, string][], c: ResolvedConfig): void {
  const pad = "  ".repeat(depth);
  if (at.length === 0 && !isPlainObject(value)) {
    rows.push([`${pad}${show(value)}`, sourceText(c, at)]);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = /^[\w-]+$/.test(k) ? k : JSON.stringify(k);
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      rows.push([`${pad}${key}:`, ""]);
      walk(v, [...at, k], depth + 1, rows, c);
    } else rows.push([`${pad}${key}: ${show(v)}`, sourceText(c, [...at, k])]);
  }
}

function show(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? String(v);
}

function sourceText(c: ResolvedConfig, path: readonly PathSegment[]): string {
  const hit = c.provenance.get(pathKey(path));
  return hit === undefined ? "schema" : formatSource(hit.source);
}

/** The configs as JSON: values, layers, and each value's source by path. */
export function renderConfigsJson(flowName: string, configs: readonly ResolvedConfig[]): string {
  return JSON.stringify(
    {
      flow: flowName,
      configs: configs.map((c) => ({
        name: c.name,
        field: c.field,
        plain: c.plain,
        layers: c.layers,
        value: c.value,
        sources: Object.fromEntries([...c.provenance.values()].map((p) => [formatPath(p.path) || "(value)", describe(p.source)])),
      })),
    },
    null,
    2,
  );
}

function describe(source: ValueSource): Record<string, unknown> {
  return { ...source, text: formatSource(source) };
}
