/**
 * `Table(rows, { headers })`: rows of cells; a cell is a value (shown as text) or a component.
 * Rows may be arrays, or objects (their keys become the headers when none are given).
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html, type SafeHtml } from "../html/escape.js";
import { renderComponent } from "../html/render-components.js";
import { previewText } from "../html/value-preview.js";

/** Options of {@link Table}. */
export interface TableOptions {
  readonly headers?: readonly string[];
  /** Longest text of one cell, in characters. @default 500 */
  readonly maxCellChars?: number;
}

/** A table whose rows can be added to after it is appended (then `current.card.refresh()`). */
export interface TableComponent extends CardComponent {
  readonly rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[];
  addRow(row: readonly unknown[] | Readonly<Record<string, unknown>>): void;
}

/**
 * A table.
 *
 * @example
 * ```ts
 * current.card.append(Table([["a", 1], ["b", 2]], { headers: ["name", "count"] }));
 * current.card.append(Table([{ name: "a", count: 1 }]));   // headers from the keys
 * ```
 */
export function Table(rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[] = [], options: TableOptions = {}): TableComponent {
  const list = [...rows];
  return {
    get rows() {
      return list;
    },
    addRow(row) {
      list.push(row);
    },
    async render() {
      const objectRows = list.length > 0 && list.every((r) => !Array.isArray(r) && typeof r === "object" && r !== null);
      const headers = options.headers ?? (objectRows ? [...new Set(list.flatMap((r) => Object.keys(r)))] : undefined);
      const cellsOf = (row: unknown): unknown[] =>
        Array.isArray(row) ? row : typeof row === "object" && row !== null && headers ? headers.map((h) => (row as Record<string, unknown>)[h]) : [row];
      const max = options.maxCellChars ?? 500;
      const body: SafeHtml[] = [];
      for (const row of list) {
        const cells = await Promise.all(cellsOf(row).map((cell) => cellHtml(cell, max)));
        body.push(html`<tr>${cells.map((c) => html`<td>${c}</td>`)}</tr>\n`);
      }
      const head = headers === undefined ? "" : html`<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>`;
      return html`<table>${head}<tbody>${body}</tbody></table>`.value;
    },
  };
}

async function cellHtml(cell: unknown, max: number): Promise<SafeHtml | string> {
  if (typeof cell === "object" && cell !== null && typeof (cell as Partial<CardComponent>).render === "function") return renderComponent(cell as CardComponent);
  return cell === undefined ? "" : previewText(cell, max);
}
