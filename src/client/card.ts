/**
 * Client cards: the HTML reports `@card` stored for a task attempt, read from the datastore.
 * @module
 */
import { sha256 } from "../datastore/content-addressed-store.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import { ErrorCode, MetaflowError } from "../errors.js";

/** A card of a task. `id`, `type` and `html` are what the UI and `card get` use. */
export interface Card {
  /** The `id` of `@card({ id })`; undefined for a card without one. */
  readonly id: string | undefined;
  /** `default`, `blank`, or a plugin's type. */
  readonly type: string;
  /** The complete, self-contained HTML document. */
  readonly html: string;
  /** Position among the step's `@card` decorators (0 = top); selects a card without an id. */
  readonly index: number;
  /** `Flow/run/step/task` of the task that stored it. */
  readonly pathspec: string;
  /** The attempt that stored it. */
  readonly attempt: number;
  /** False while the task runs (a later refresh may replace it); true once the task ended. */
  readonly final: boolean;
  /** When this version of the card was stored. */
  readonly updatedAt: Date;
  /** Set when the card could not be rendered (its HTML says why). */
  readonly error: string | undefined;
}

/** The cards stored for one task attempt, in slot order ([] when it stored none). */
export async function loadCards(ds: TaskDatastore): Promise<Card[]> {
  const index = await ds.readCardIndex();
  if (index === undefined) return [];
  return Promise.all(
    index.cards.map(async (entry): Promise<Card> => {
      const what = `card ${entry.id ?? entry.slot} of ${ds.pathspec} (attempt ${ds.attempt})`;
      const bytes = await ds.readCard(entry.slot);
      if (bytes === undefined) throw new MetaflowError(ErrorCode.DataCorruption, `The HTML of ${what} is missing from the datastore; re-run the task to render it again.`);
      // A final card never changes again: its bytes must match the hash. A live one may be replaced between two reads.
      if (entry.final && sha256(bytes) !== entry.sha) {
        throw new MetaflowError(ErrorCode.DataCorruption, `The HTML of ${what} is corrupted: it no longer matches its hash ${entry.sha}. Re-run the task to render it again.`);
      }
      return {
        id: entry.id,
        type: entry.type,
        html: Buffer.from(bytes).toString("utf8"),
        index: entry.slot,
        pathspec: ds.pathspec,
        attempt: ds.attempt,
        final: entry.final,
        updatedAt: new Date(entry.updatedAt),
        error: entry.error,
      };
    }),
  );
}
