/**
 * Compiles a flow graph to Argo DAG templates. Every task outputs `path` (`step/task-id`);
 * a step's `input-paths` are its parents' paths. The shapes:
 * - linear / static branch / join: tasks of one DAG, `depends` on the parents;
 * - foreach: a DAG template for the body, fanned out with `withParam` over the foreach step's
 *   `splits` output; the join gets the aggregated `path` outputs (a JSON list);
 * - switch: a DAG template `<step>-cases` with one `when`-guarded task per case (each case's steps a
 *   template of their own) whose `path` output is an expression choosing the case that ran, so the
 *   step where the cases meet depends on one task that always runs;
 * - recursive switch: a DAG template `<header>-loop` for the loop body that calls itself when
 *   the switch takes the looping case; its `path`/`case` outputs come from the last iteration.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { FlowGraph } from "../../../graph/types.js";
import type { ArgoParameter, ArgoTemplate, DagTask } from "./argo-types.js";
import type { FlowStructure } from "./flow-structure.js";

/** A value a task passes on (`{{...}}` text) and the task it comes from (to depend on). */
interface Ref {
  readonly value: string;
  readonly task?: string;
}

/** What the DAG compiler needs from the container side. */
export interface StepTemplates {
  /** Name of the container template that runs `step` (inputs `input-paths`, and `split-index` for a foreach body's first step). */
  template(step: string): string;
}

/** Name of the entry template. */
export const entryTemplate = "main";

/** Compiles the DAG templates of a flow; `init` is the template of the task that registers the run (outputs `path`). */
export function compileDag(graph: FlowGraph, structure: FlowStructure, steps: StepTemplates, init: string): ArgoTemplate[] {
  const templates = new Map<string, ArgoTemplate>();
  const name = (s: string): string => structure.taskName(s);
  const out = (task: string, p = "path"): Ref => ({ value: `{{tasks.${task}.outputs.parameters.${p}}}`, task });
  const param = (p: string): Ref => ({ value: `{{inputs.parameters.${p}}}` });
  const dependsOn = (refs: readonly Ref[]): { depends?: string } => {
    const tasks = [...new Set(refs.flatMap((r) => (r.task === undefined ? [] : [r.task])))];
    return tasks.length === 0 ? {} : { depends: tasks.map((t) => `${t}.Succeeded`).join(" && ") };
  };
  const args = (entries: Record<string, string>): DagTask["arguments"] => ({ parameters: Object.entries(entries).map(([n, value]) => ({ name: n, value })) });
  const dagTemplate = (tname: string, inputs: readonly string[], tasks: DagTask[], outputs: ArgoParameter[]): ArgoTemplate => ({
    name: tname,
    ...(inputs.length === 0 ? {} : { inputs: { parameters: inputs.map((n) => ({ name: n })) } }),
    ...(outputs.length === 0 ? {} : { outputs: { parameters: outputs } }),
    dag: { tasks },
  });
  const stepTask = (tasks: DagTask[], step: string, inputs: readonly Ref[], splitIndex?: string): Ref => {
    tasks.push({
      name: name(step),
      template: steps.template(step),
      ...dependsOn(inputs),
      arguments: args({ "input-paths": inputs.map((r) => r.value).join(" "), ...(splitIndex === undefined ? {} : { "split-index": splitIndex }) }),
    });
    return out(name(step));
  };
  /** A chain of `a.status == 'Succeeded' ? a.x : ...` over tasks that may have been skipped. */
  const firstThatRan = (tasks: readonly string[], p: string, fallback: string): string =>
    tasks.reduceRight((acc, t) => `tasks['${t}'].status == 'Succeeded' ? tasks['${t}'].outputs.parameters['${p}'] : ${acc}`, fallback);

  /**
   * Emits the tasks from `step` on (given its input refs) until `stop` (exclusive) or the end,
   * and returns the ref of the last task. `loop` is the header of the loop being compiled.
   */
  const region = (tasks: DagTask[], first: string, inputs: readonly Ref[], stop: string | undefined, loop?: string, splitIndex?: string): Ref => {
    let step = first;
    let refs = inputs;
    let index = splitIndex;
    for (;;) {
      let last: Ref;
      const header = structure.loops.get(step);
      if (header !== undefined && loop !== step) {
        const tname = loopTemplate(step);
        tasks.push({ name: `${name(step)}-loop`, template: tname, ...dependsOn(refs), arguments: args({ parent: refs.map((r) => r.value).join(" ") }) });
        last = out(`${name(step)}-loop`);
        const forward = Object.entries(header.forward);
        if (forward.length === 1) {
          step = (forward[0] as [string, string])[1];
        } else {
          const merge = structure.mergePoint(forward.map(([, to]) => to));
          last = casesTask(tasks, header.switchStep, header.forward, merge, last, out(`${name(step)}-loop`, "case"));
          step = merge;
        }
      } else {
        last = stepTask(tasks, step, refs, index);
        const t = graph.steps[step]?.transition;
        switch (t?.kind) {
          case "linear":
            step = t.to;
            break;
          case "branch": {
            const join = joinOf(step);
            const ends = t.to.map((to) => region(tasks, to, [last], join, loop));
            step = join;
            refs = ends;
            index = undefined;
            if (step === stop) return last;
            continue;
          }
          case "foreach": {
            const join = joinOf(step);
            const tname = `${name(step)}-foreach`;
            if (!templates.has(tname)) {
              templates.set(tname, dagTemplate(tname, [], [], [])); // reserve (recursion-safe)
              const body: DagTask[] = [];
              const end = region(body, t.to, [param("parent")], join, undefined, "{{inputs.parameters.split-index}}");
              templates.set(tname, dagTemplate(tname, ["parent", "split-index"], body, [{ name: "path", valueFrom: { expression: expressionOf(end) } }]));
            }
            tasks.push({ name: tname, template: tname, depends: `${name(step)}.Succeeded`, withParam: `{{tasks.${name(step)}.outputs.parameters.splits}}`, arguments: args({ parent: last.value, "split-index": "{{item}}" }) });
            last = out(tname);
            step = join;
            break;
          }
          case "switch": {
            if (loop !== undefined && structure.loopOfSwitch(step)?.header === loop) return last;
            const merge = structure.mergePoint(Object.values(t.cases));
            last = casesTask(tasks, step, t.cases, merge, last, out(name(step), "case"));
            step = merge;
            break;
          }
          default:
            return last;
        }
      }
      refs = [last];
      index = undefined;
      if (step === stop) return last;
    }
  };

  /** `<switch>-cases`: one guarded task per case; outputs the `path` of the case that ran. */
  const casesTask = (tasks: DagTask[], sw: string, cases: Readonly<Record<string, string>>, merge: string, parent: Ref, choice: Ref): Ref => {
    const tname = `${name(sw)}-cases`;
    if (!templates.has(tname)) {
      const inner: DagTask[] = [];
      const ran: string[] = [];
      Object.entries(cases).forEach(([key, to], i) => {
        if (to === merge) return; // an empty case: the switch step itself is the last task
        const cname = `${name(sw)}-case-${i}`;
        if (!templates.has(cname)) {
          templates.set(cname, dagTemplate(cname, [], [], []));
          const body: DagTask[] = [];
          const end = region(body, to, [param("parent")], merge);
          templates.set(cname, dagTemplate(cname, ["parent"], body, [{ name: "path", valueFrom: { expression: expressionOf(end) } }]));
        }
        inner.push({ name: `case-${i}`, template: cname, when: `'{{inputs.parameters.case}}' == '${key}'`, arguments: args({ parent: "{{inputs.parameters.parent}}" }) });
        ran.push(`case-${i}`);
      });
      templates.set(tname, dagTemplate(tname, ["parent", "case"], inner, [{ name: "path", valueFrom: { expression: firstThatRan(ran, "path", "inputs.parameters['parent']") } }]));
    }
    tasks.push({ name: tname, template: tname, ...dependsOn([parent, choice]), arguments: args({ parent: parent.value, case: choice.value }) });
    return out(tname);
  };

  /** `<header>-loop`: the loop body, then itself again while the switch takes the looping case. */
  const loopTemplate = (header: string): string => {
    const tname = `${name(header)}-loop`;
    if (templates.has(tname)) return tname;
    templates.set(tname, dagTemplate(tname, [], [], []));
    const loop = structure.loops.get(header);
    if (loop === undefined) throw new Error(`no loop at ${header}`);
    const body: DagTask[] = [];
    if (Object.values(graph.steps).some((s) => s.transition.kind === "foreach" && s.transition.to === header)) {
      throw new MetaflowError(ErrorCode.Deploy, `Step ${header} is both the first step of a foreach and the target of a recursive switch; argo-workflows needs a step between them (e.g. a foreach step that leads to ${header}).`, { source: graph.steps[header]?.source ?? graph.source });
    }
    const last = region(body, header, [param("parent")], undefined, header);
    const sw = name(loop.switchStep);
    body.push({ name: "mf-again", template: tname, depends: `${sw}.Succeeded`, when: `'{{tasks.${sw}.outputs.parameters.case}}' == '${loop.backCase}'`, arguments: args({ parent: last.value }) });
    templates.set(
      tname,
      dagTemplate(tname, ["parent"], body, [
        { name: "path", valueFrom: { expression: firstThatRan(["mf-again"], "path", `tasks['${sw}'].outputs.parameters['path']`) } },
        { name: "case", valueFrom: { expression: firstThatRan(["mf-again"], "case", `tasks['${sw}'].outputs.parameters['case']`) } },
      ]),
    );
    return tname;
  };

  const joinOf = (split: string): string => {
    const join = Object.values(graph.steps).find((s) => s.join && s.matchingSplit === split);
    if (join === undefined) throw new Error(`split ${split} has no join (the graph passed lint; this is a bug in metaflow-ts)`);
    return join.name;
  };

  const tasks: DagTask[] = [{ name: "mf-init", template: init }];
  region(tasks, "start", [out("mf-init")], undefined);
  return [dagTemplate(entryTemplate, [], tasks, []), ...templates.values()];
}

/** A ref as an Argo expression (for `valueFrom.expression`). */
function expressionOf(ref: Ref): string {
  const m = /^\{\{(tasks|inputs)\.(.+?)\.outputs\.parameters\.(.+)\}\}$/.exec(ref.value) ?? /^\{\{(inputs)\.parameters\.(.+)\}\}$/.exec(ref.value);
  if (m === null) throw new Error(`cannot express ${ref.value}`);
  if (m[1] === "inputs") return `inputs.parameters['${m[2]}']`;
  return `tasks['${m[2]}'].outputs.parameters['${m[3]}']`;
}
