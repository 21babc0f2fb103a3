/**
 * A task's cards, when the client has card support (`task.cards()`); the UI shows each in a
 * sandboxed iframe whose content may run its own scripts (charts) but reach nothing: no network,
 * no access to the UI's page.
 * @module
 */
import type { Task } from "../../client/task.js";
import type { CardsResponse } from "../api-types.js";

/** A card as the client returns it. */
interface ClientCard {
  readonly id: string | undefined;
  readonly type: string;
  readonly html: string;
}

interface WithCards {
  cards(): Promise<readonly ClientCard[]>;
}

function hasCards(task: Task): task is Task & WithCards {
  return typeof (task as Partial<WithCards>).cards === "function";
}

/** Content-Security-Policy of a card page: its own inline scripts, styles and data: images; nothing from any server. */
export const cardSandboxPolicy =
  "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'";

/** The task's cards (none, with `supported: false`, when the client cannot read cards). */
export async function cardsOf(task: Task): Promise<CardsResponse> {
  if (!hasCards(task)) return { supported: false, cards: [] };
  const cards = await task.cards();
  return { supported: true, cards: cards.map((c) => ({ ...(c.id === undefined ? {} : { id: c.id }), type: c.type, html: c.html })) };
}
