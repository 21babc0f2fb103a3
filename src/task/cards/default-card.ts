/**
 * Which of a step's cards `current.card.append(...)` adds to (Metaflow's "default editable card"):
 * among the cards whose type takes user components, the one marked `customize: true`; else the
 * only one; else the only one without an id. Otherwise there is none, and the reason says why.
 * @module
 */
import type { CardRenderer } from "../../flow/card-renderer.js";
import type { CardDeclaration } from "./card-declarations.js";

/** The declaration `current.card` stands for, or why there is none. */
export type DefaultCardChoice = { readonly card: CardDeclaration } | { readonly card: undefined; readonly why: string };

/** Picks the default card of a step from its declarations. */
export function chooseDefaultCard(step: string, declarations: readonly CardDeclaration[], renderers: readonly CardRenderer[]): DefaultCardChoice {
  if (declarations.length === 0) {
    return { card: undefined, why: `current.card: step ${step} has no @card, so what is appended to current.card is not stored. Add @card above @step (or run with --with card).` };
  }
  const editable = declarations.filter((d) => renderers.find((r) => r.type === d.type)?.allowUserComponents !== false);
  const ids = declarations.map((d) => d.id ?? `(${d.type}, no id)`).join(", ");
  if (editable.length === 0) {
    return { card: undefined, why: `current.card: no card of step ${step} takes components through current.card.append (${ids}); use current.card.get(id).` };
  }
  const customized = editable.filter((d) => d.customize);
  if (customized.length === 1 && customized[0] !== undefined) return { card: customized[0] };
  if (customized.length > 1) {
    return { card: undefined, why: `current.card: step ${step} has ${customized.length} cards with customize: true; only one may have it. Use current.card.get(id) (cards: ${ids}).` };
  }
  if (editable.length === 1 && editable[0] !== undefined) return { card: editable[0] };
  const unnamed = editable.filter((d) => d.id === undefined);
  if (unnamed.length === 1 && unnamed[0] !== undefined) return { card: unnamed[0] };
  return {
    card: undefined,
    why: `current.card: step ${step} has several cards and ${unnamed.length === 0 ? "none" : "more than one"} without an id; use current.card.get(id) or mark one @card({ customize: true }) (cards: ${ids}).`,
  };
}
