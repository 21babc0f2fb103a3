// A package the project depends on (its node_modules) that one step also declares with @npm:
// that step gets the declared version, the other steps keep the project's.
import isNumber from "is-number";
import { FlowSpec, step, npm, main } from "metaflow-ts";

export default class ProjectDependencyFlow extends FlowSpec {
  startName!: string;
  endName!: string;

  @npm({ packages: { "is-number": "6.0.0" } })
  @step
  start() {
    this.startName = isNumber.name;
    this.next(this.end);
  }

  @step
  end() {
    this.endName = isNumber.name;
  }
}

main(import.meta, ProjectDependencyFlow);
