/**
 * The manifests of a deployment: the `WorkflowTemplate` (the flow), a `CronWorkflow` for
 * `@schedule` and an Argo Events `Sensor` for `@trigger` / `@triggerOnFinish`.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { AppliedDecorator } from "../../../flow/metadata-keys.js";
import type { ArgoTemplate, Manifest } from "./argo-types.js";
import { compileDag, entryTemplate } from "./compile-dag.js";
import type { DeploymentRecord } from "./deployment-record.js";
import { analyseFlow } from "./flow-structure.js";
import { labelValue } from "./names.js";
import { stepTemplates, triggerParameter, type ContainerSettings } from "./step-templates.js";

/** How the manifests are built besides the record. */
export interface ManifestOptions {
  readonly image: string;
  readonly datastoreRoot: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly maxWorkers?: number;
  /** Argo Events settings (Metaflow's variable names). */
  readonly eventBus?: string;
  readonly eventSource?: string;
  readonly eventsServiceAccount?: string;
}

const group = "argoproj.io/v1alpha1";

/** Labels every manifest of a deployment carries. */
export function deploymentLabels(record: DeploymentRecord): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "metaflow-ts",
    "metaflow-ts/flow": labelValue(record.flowName),
    ...(record.project ? { "metaflow-ts/project": labelValue(record.project.name), "metaflow-ts/branch": labelValue(record.project.branch) } : {}),
  };
}

/** Compiles a deployment to its manifests (WorkflowTemplate first). */
export function buildManifests(record: DeploymentRecord, o: ManifestOptions): Manifest[] {
  const graph = record.graph;
  const structure = analyseFlow(graph);
  const settings: ContainerSettings = {
    flowName: record.flowName,
    deploymentName: record.name,
    image: o.image,
    datastoreRoot: o.datastoreRoot,
    codePackage: record.codePackage,
    command: o.command,
    env: o.env,
    parameters: record.parameters.map((p) => p.name),
  };
  const steps = stepTemplates(graph, structure, new Map(Object.entries(record.stepDecorators)), settings);
  const templates: ArgoTemplate[] = [...compileDag(graph, structure, steps, "mf-init"), ...steps.templates];
  const labels = deploymentLabels(record);
  const metadata = { name: record.name, namespace: record.namespace, labels, annotations: { "metaflow-ts/flow-name": record.flowName, "metaflow-ts/owner": record.owner } };
  const workflowTemplate: Manifest = {
    apiVersion: group,
    kind: "WorkflowTemplate",
    metadata,
    spec: {
      entrypoint: entryTemplate,
      onExit: "mf-finish",
      ...(o.maxWorkers === undefined ? {} : { parallelism: o.maxWorkers }),
      arguments: {
        parameters: [
          ...record.parameters.map((p) => ({ name: p.name, ...(p.default === undefined ? {} : { value: p.default }), ...(p.help === undefined ? {} : { description: p.help }) })),
          { name: triggerParameter, value: "null", description: "what started the run (set by schedules and sensors)" },
        ],
      },
      workflowMetadata: { labels },
      templates,
    },
  };
  const out = [workflowTemplate];
  const schedule = record.flowDecorators.find((d) => d.name === "schedule");
  if (schedule !== undefined) {
    const { cron, timezone } = cronOf(schedule);
    out.push({
      apiVersion: group,
      kind: "CronWorkflow",
      metadata,
      spec: {
        schedules: [cron],
        ...(timezone === undefined ? {} : { timezone }),
        concurrencyPolicy: "Allow",
        workflowMetadata: { labels },
        workflowSpec: { workflowTemplateRef: { name: record.name }, arguments: { parameters: [{ name: triggerParameter, value: JSON.stringify({ type: "schedule", cron }) }] } },
      },
    });
  }
  const sensor = sensorOf(record, o, metadata);
  if (sensor !== undefined) out.push(sensor);
  return out;
}

/** `@schedule({ cron } | { hourly } | { daily } | { weekly }, timezone?)` as a cron expression. */
export function cronOf(d: AppliedDecorator): { cron: string; timezone?: string } {
  const a = d.attributes;
  const timezone = typeof a.timezone === "string" ? a.timezone : undefined;
  const tz = timezone === undefined ? {} : { timezone };
  if (typeof a.cron === "string" && a.cron.trim() !== "") {
    const fields = a.cron.trim().split(/\s+/);
    if (fields.length !== 5) throw new MetaflowError(ErrorCode.Deploy, `@schedule cron ${JSON.stringify(a.cron)} has ${fields.length} fields; Argo takes a standard 5-field cron expression ("minute hour day month weekday").`);
    return { cron: fields.join(" "), ...tz };
  }
  if (a.hourly === true) return { cron: "0 * * * *", ...tz };
  if (a.weekly === true) return { cron: "0 0 * * 0", ...tz };
  if (a.daily === true || Object.keys(a).filter((k) => k !== "timezone").length === 0) return { cron: "0 0 * * *", ...tz };
  throw new MetaflowError(ErrorCode.Deploy, `@schedule(${JSON.stringify(a)}): give one of cron, hourly, daily or weekly.`);
}

/** An event a deployment waits for, and how its payload fields map to parameters. */
interface EventDependency {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** The events of `@trigger` and `@triggerOnFinish` (a finished flow announces `metaflow.<flow>.end`). */
export function eventsOf(record: DeploymentRecord): EventDependency[] {
  const out: EventDependency[] = [];
  for (const d of record.flowDecorators) {
    const a = d.attributes;
    if (d.name === "trigger") {
      const list = [...(a.event === undefined ? [] : [a.event]), ...(Array.isArray(a.events) ? a.events : [])];
      if (list.length === 0) throw new MetaflowError(ErrorCode.Deploy, `@trigger on ${record.flowName} names no event: use @trigger({ event: "name" }) or @trigger({ events: [...] }).`);
      for (const e of list) {
        if (typeof e === "string") out.push({ name: e, parameters: {} });
        else if (typeof e === "object" && e !== null && typeof (e as { name?: unknown }).name === "string") {
          const ev = e as { name: string; parameters?: Record<string, string> };
          out.push({ name: ev.name, parameters: ev.parameters ?? {} });
        } else throw new MetaflowError(ErrorCode.Deploy, `@trigger event ${JSON.stringify(e)}: an event is a name or { name, parameters: { param: "payloadField" } }.`);
      }
    }
    if (d.name === "triggerOnFinish") {
      const flows = [...(a.flow === undefined ? [] : [a.flow]), ...(Array.isArray(a.flows) ? a.flows : [])];
      if (flows.length === 0) throw new MetaflowError(ErrorCode.Deploy, `@triggerOnFinish on ${record.flowName} names no flow: use @triggerOnFinish({ flow: "OtherFlow" }).`);
      for (const f of flows) {
        if (typeof f !== "string") throw new MetaflowError(ErrorCode.Deploy, `@triggerOnFinish flow ${JSON.stringify(f)}: give a flow name.`);
        // Within a project, the upstream flow of the same branch.
        const upstream = record.project !== undefined && !f.includes(".") ? `${record.project.name}.${record.project.branch}.${f}` : f;
        out.push({ name: endEventName(upstream), parameters: {} });
      }
    }
  }
  for (const e of out) {
    for (const p of Object.keys(e.parameters)) {
      if (!record.parameters.some((q) => q.name === p)) throw new MetaflowError(ErrorCode.Deploy, `@trigger event ${e.name} maps to the parameter '${p}', which ${record.flowName} does not declare.`);
    }
  }
  return out;
}

/** The event a flow's successful run announces. */
export function endEventName(flowName: string): string {
  return `metaflow.${flowName}.end`;
}

function sensorOf(record: DeploymentRecord, o: ManifestOptions, metadata: Manifest["metadata"]): Manifest | undefined {
  const events = eventsOf(record);
  if (events.length === 0) return undefined;
  const dependencies = events.map((e, i) => ({
    name: `event-${i}`,
    eventSourceName: o.eventSource ?? "metaflow-webhook",
    eventName: "metaflow-event",
    filters: { data: [{ path: "body.name", type: "string", value: [e.name] }] },
  }));
  const names = record.parameters.map((p) => p.name);
  const parameterIndex = (p: string): number => names.indexOf(p);
  const triggerIndex = names.length;
  return {
    apiVersion: group,
    kind: "Sensor",
    metadata,
    spec: {
      ...(o.eventBus === undefined ? {} : { eventBusName: o.eventBus }),
      ...(o.eventsServiceAccount === undefined ? {} : { template: { serviceAccountName: o.eventsServiceAccount } }),
      dependencies,
      triggers: events.map((e, i) => ({
        template: {
          name: `trigger-${i}`,
          conditions: `event-${i}`,
          argoWorkflow: {
            operation: "submit",
            source: {
              resource: {
                apiVersion: group,
                kind: "Workflow",
                metadata: { generateName: `${record.name}-`, namespace: record.namespace },
                spec: {
                  workflowTemplateRef: { name: record.name },
                  arguments: { parameters: [...record.parameters.map((p) => ({ name: p.name, ...(p.default === undefined ? {} : { value: p.default }) })), { name: triggerParameter, value: "null" }] },
                },
              },
            },
            parameters: [
              ...Object.entries(e.parameters).map(([param, field]) => ({ src: { dependencyName: `event-${i}`, dataKey: `body.payload.${field}` }, dest: `spec.arguments.parameters.${parameterIndex(param)}.value` })),
              { src: { dependencyName: `event-${i}`, dataKey: "body" }, dest: `spec.arguments.parameters.${triggerIndex}.value` },
            ],
          },
        },
      })),
    },
  };
}
