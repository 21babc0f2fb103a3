/**
 * The task's cards, each in a sandboxed frame served by the UI server with a policy that lets
 * the card run its own scripts (charts) but reach nothing else: not this page, not the network.
 * @module
 */
import type { JSX } from "preact";
import type { CardsResponse } from "../../api-types.js";
import { api } from "../api.js";
import { usePoll } from "../use-poll.js";
import { ErrorBox } from "./error-box.js";

/** The cards (refreshed while the task runs: a card may be updated while its task runs). */
export function CardsPanel(props: { readonly pathspec: string; readonly attempt: number; readonly live: boolean }): JSX.Element {
  const cards = usePoll<CardsResponse>(`cards:${props.pathspec}:${props.attempt}:${props.live}`, () => api.cards(props.pathspec, props.attempt), () => props.live, 3000);
  if (cards.error) return <ErrorBox error={cards.error.error} what="the cards" />;
  if (cards.data === undefined) return <p class="muted">Loading cards…</p>;
  if (!cards.data.supported) return <p class="muted">This metaflow-ts has no card support.</p>;
  if (cards.data.cards.length === 0) return <p class="muted">No cards. Add <code>@card</code> to the step to get one.</p>;
  return (
    <div class="cards">
      {cards.data.cards.map((c, i) => {
        const title = `Card ${c.id ?? i + 1} (${c.type})`;
        return (
          <figure class="card" key={`${i}:${c.html.length}`}>
            <figcaption>{title}</figcaption>
            <iframe title={title} sandbox="allow-scripts" src={api.cardUrl(props.pathspec, i, props.attempt)} loading="lazy" />
          </figure>
        );
      })}
    </div>
  );
}
