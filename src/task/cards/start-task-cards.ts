/**
 * Sets up the cards of a task from what the task runtime has: the step's `@card` decorators,
 * the run's graph, the parameters. Kept apart so that run-task.ts only starts and finishes them.
 * @module
 */
import type { TaskDatastore } from "../../datastore/task-datastore.js";
import type { CardArtifact, CardRenderer } from "../../flow/card-renderer.js";
import type { AppliedDecorator } from "../../flow/metadata-keys.js";
import type { FlowGraph } from "../../graph/types.js";
import type { ArtifactIndex } from "../../protocol/task-records.js";
import type { TaskSpec } from "../../protocol/task-spec.js";
import type { ArtifactState } from "../artifact-state.js";
import { cardDeclarationsOf } from "./card-declarations.js";
import { TaskCards } from "./task-cards.js";

/** What {@link startTaskCards} reads. */
export interface StartTaskCardsInput {
  readonly spec: TaskSpec;
  readonly graph: FlowGraph;
  readonly decorators: readonly AppliedDecorator[];
  readonly renderers: readonly CardRenderer[];
  readonly tds: TaskDatastore;
  readonly startedAt: string;
  readonly state: ArtifactState;
  readonly parameterNames: readonly string[];
}

/** The cards of the task (none declared: `current.card` appends nowhere, with a warning). */
export function startTaskCards(input: StartTaskCardsInput): TaskCards {
  const { spec, state } = input;
  return new TaskCards({
    declarations: cardDeclarationsOf(input.decorators),
    renderers: input.renderers,
    sink: input.tds,
    graph: input.graph,
    task: { pathspec: input.tds.pathspec, flowName: spec.flowName, runId: spec.runId, stepName: spec.step, taskId: spec.taskId, attempt: spec.attempt, startedAt: input.startedAt },
    parameters: input.parameterNames
      .filter((name) => state.has(name))
      .map((name) => {
        const ref = state.refOf(name);
        return { name, type: ref?.type ?? typeof state.get(name), ...(ref ? { size: ref.size } : {}), load: async () => state.get(name) };
      }),
    warn: (line) => process.stderr.write(`${line}\n`),
  });
}

/** The stored artifacts of the task as cards see them, parameters apart. */
export function storedCardArtifacts(index: ArtifactIndex, tds: TaskDatastore, parameterNames: readonly string[]): { parameters: CardArtifact[]; artifacts: CardArtifact[] } {
  const all = Object.entries(index).map(([name, ref]): CardArtifact => ({ name, type: ref.type, size: ref.size, load: () => tds.loadArtifact(name, ref) }));
  const isParameter = new Set(parameterNames);
  return { parameters: all.filter((a) => isParameter.has(a.name)), artifacts: all.filter((a) => !isParameter.has(a.name)) };
}
