/**
 * Behaviour: `current` describes the running task in every step, including foreach tasks.
 * @module
 */
import { FlowSpec, step, current, main, type Inputs } from "metaflow-ts";

/** What a task saw in `current`. */
export interface CurrentInfo {
  flowName: string;
  runId: string;
  stepName: string;
  taskId: string;
  pathspec: string;
  retryCount: number;
  username: string;
}

function snapshot(): CurrentInfo {
  return {
    flowName: current.flowName,
    runId: current.runId,
    stepName: current.stepName,
    taskId: current.taskId,
    pathspec: current.pathspec,
    retryCount: current.retryCount,
    username: current.username,
  };
}

/** CurrentFlow: every step stores a snapshot of `current` in `info` and prints its pathspec. */
export default class CurrentFlow extends FlowSpec {
  items!: string[];
  info!: CurrentInfo;
  startInfo!: CurrentInfo;
  bodyInfos!: CurrentInfo[];

  @step
  start() {
    this.info = snapshot();
    this.startInfo = this.info;
    this.items = ["p", "q"];
    console.log(`pathspec=${current.pathspec}`);
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.info = snapshot();
    console.log(`pathspec=${current.pathspec}`);
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<CurrentFlow>) {
    this.bodyInfos = inputs.map((i) => i.info);
    this.info = snapshot();
    this.mergeArtifacts(inputs, { include: ["startInfo"] });
    this.next(this.end);
  }

  @step
  end() {
    this.info = snapshot();
    console.log(`pathspec=${current.pathspec}`);
  }
}

main(import.meta, CurrentFlow);
