/**
 * `ProgressBar({ max, value, label })`: a native `<progress>` with its numbers as text;
 * `update(value)` moves it, `current.card.refresh()` shows the move while the task runs.
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html } from "../html/escape.js";

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** The value at 100 %. @default 100 */
  readonly max?: number;
  /** @default 0 */
  readonly value?: number;
  readonly label?: string;
}

/** A progress bar that can be updated. */
export interface ProgressBarComponent extends CardComponent {
  readonly max: number;
  readonly value: number;
  readonly label: string | undefined;
  /** Sets the value (and the label when given). */
  update(value: number, label?: string): void;
}

/**
 * A progress bar.
 *
 * @example
 * ```ts
 * const bar = ProgressBar({ max: epochs, label: "Training" });
 * current.card.append(bar);
 * for (let e = 1; e <= epochs; e++) { train(); bar.update(e); current.card.refresh(); }
 * ```
 */
export function ProgressBar(options: ProgressBarOptions = {}): ProgressBarComponent {
  let value = options.value ?? 0;
  let label = options.label;
  const max = options.max ?? 100;
  return {
    max,
    get value() {
      return value;
    },
    get label() {
      return label;
    },
    update(next: number, nextLabel?: string) {
      value = next;
      if (nextLabel !== undefined) label = nextLabel;
    },
    render() {
      if (!Number.isFinite(max) || max <= 0) throw new Error(`ProgressBar: max must be a number > 0; got ${String(max)}.`);
      if (!Number.isFinite(value)) throw new Error(`ProgressBar: value must be a number; got ${String(value)}.`);
      const shown = Math.min(Math.max(value, 0), max);
      const percent = Math.round((shown / max) * 1000) / 10;
      const text = `${value.toLocaleString("en-US")} / ${max.toLocaleString("en-US")} (${percent}%)`;
      return html`<div class="mf-progress">${label === undefined ? "" : html`<span>${label}</span>`}<progress max="${max}" value="${shown}" aria-label="${label ?? "progress"}">${percent}%</progress><span>${text}</span></div>`.value;
    },
  };
}
