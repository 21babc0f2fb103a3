/**
 * The extension point for card types: a CardRenderer turns what a task produced into one
 * self-contained HTML document. The built-in `default` and `blank` renderers live in
 * plugins/cards/; the composition roots hand them to the task runtime. Pure types.
 * @module
 */
import type { FlowGraph } from "../graph/types.js";
import type { CardComponent } from "./card-api.js";

/** How far the task is when a card is rendered. */
export type CardTaskStatus = "running" | "succeeded" | "failed";

/** The task a card belongs to. */
export interface CardTaskInfo {
  /** `Flow/run/step/task` */
  readonly pathspec: string;
  readonly flowName: string;
  readonly runId: string;
  readonly stepName: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly status: CardTaskStatus;
  /** ISO time the attempt started. */
  readonly startedAt: string;
  /** ISO time the step ended (absent while it runs). */
  readonly finishedAt?: string;
  /** The exception of a failed attempt. */
  readonly error?: { readonly name: string; readonly message: string };
}

/** An artifact as a card sees it: its facts, and its value on demand. */
export interface CardArtifact {
  readonly name: string;
  /** A short description of the value's type (`string`, `Array`, `Map`...). */
  readonly type: string;
  /** Size of the stored bytes (undefined while the task runs: nothing is stored yet). */
  readonly size?: number;
  /** Loads the value (from the datastore or from the running task). */
  load(): Promise<unknown>;
}

/** Everything a renderer gets for one card. */
export interface CardRenderInput {
  readonly id: string | undefined;
  readonly type: string;
  readonly task: CardTaskInfo;
  /** The run's graph (the task's step is `task.stepName`). */
  readonly graph: FlowGraph;
  /** The run's parameters. */
  readonly parameters: readonly CardArtifact[];
  /** The task's other artifacts (configs included); empty while it runs. */
  readonly artifacts: readonly CardArtifact[];
  /** What the step appended to this card. */
  readonly components: readonly CardComponent[];
}

/** Renders cards of one type. @experimental */
export interface CardRenderer {
  /** The card type it renders, as named in `@card({ type })`. */
  readonly type: string;
  /**
   * Whether `current.card.append(...)` may pick this card as the step's default card (Metaflow's
   * `ALLOW_USER_COMPONENTS`). A card that is not editable still takes components through
   * `current.card.get(id)`. @default true
   */
  readonly allowUserComponents?: boolean;
  /** One complete, self-contained HTML document (no network needed to show it; all text escaped). */
  render(input: CardRenderInput): Promise<string>;
}
