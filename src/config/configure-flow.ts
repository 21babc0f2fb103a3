/**
 * Deploy-time configuration of a loaded flow: resolves every Config, then every deferred config
 * value in step and flow decorator attributes and in Parameter/IncludeFile defaults. What comes
 * out is the flow as this deployment (or local run) uses it.
 * @module
 */
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { FieldDeclaration } from "../flow/flow-class.js";
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { InspectedFlow } from "../loader/inspect-flow.js";
import { configDeclarationsOf, type ConfigFieldDeclaration } from "./config-declaration.js";
import { configContext, gitFacts } from "./config-context.js";
import type { ConfigInputs } from "./config-inputs.js";
import { parseOverride, type ConfigOverride } from "./config-overrides.js";
import { isPlainObject } from "./config-path.js";
import { provenanceOf } from "./provenance.js";
import { resolveConfig, type ResolvedConfig } from "./resolve-config.js";
import { hasDeferred, resolveDeferred } from "./resolve-deferred.js";

/** A flow with its configs resolved and every deferred value replaced. */
export interface ConfiguredFlow extends InspectedFlow {
  readonly configs: readonly ResolvedConfig[];
}

/** Options of {@link configureFlow}. */
export interface ConfigureOptions {
  readonly inputs?: ConfigInputs;
  readonly cwd: string;
  readonly user: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Config values of an earlier run (resume): used as they are, by config name. */
  readonly fixed?: { readonly runId: string; readonly values: Readonly<Record<string, unknown>> };
}

/** Whether a flow was configured already. */
export function isConfigured(flow: InspectedFlow): flow is ConfiguredFlow {
  return Array.isArray((flow as Partial<ConfiguredFlow>).configs);
}

/** Resolves the configs of `flow` and everything that depends on them. */
export async function configureFlow(flow: InspectedFlow, options: ConfigureOptions): Promise<ConfiguredFlow> {
  if (isConfigured(flow)) return flow;
  const decls = configDeclarationsOf(new flow.flowClass());
  checkNames(flow, decls);
  const given = givenByConfig(decls, options.inputs ?? {}, flow.graph.flowName);
  const flowDir = path.dirname(flow.source.file);
  const git = gitFacts(flowDir, options.env);
  const scope = {
    cwd: options.cwd,
    flowFile: flow.source.file,
    env: options.env,
    ...(flow.modulePath ? { modulePath: flow.modulePath } : {}),
    context: (name: string) => configContext({ flowName: flow.graph.flowName, user: options.user, flowDir, env: options.env }, name, git),
  };
  const configs: ResolvedConfig[] = [];
  for (const decl of decls) {
    if (options.fixed !== undefined) {
      const value = options.fixed.values[decl.name] ?? null;
      const origin = `run ${options.fixed.runId}`;
      configs.push({ name: decl.name, field: decl.field, value, layers: [origin], provenance: provenanceOf(value, { kind: "value", origin }), plain: decl.options.plain === true });
      continue;
    }
    configs.push(await resolveConfig(decl, given.get(decl.name) ?? { files: [], overrides: [] }, scope));
  }
  const values = new Map(configs.map((c) => [c.name, c.value]));
  return {
    ...flow,
    configs,
    declarations: flow.declarations.map((d) => resolveDeclaration(d, values)),
    stepDecorators: new Map([...flow.stepDecorators].map(([step, list]) => [step, list.map((d) => resolveDecorator(d, values, `@${d.name} of step ${step}`))])),
    flowDecorators: flow.flowDecorators.map((d) => resolveDecorator(d, values, `@${d.name} of flow ${flow.graph.flowName}`)),
  };
}

function checkNames(flow: InspectedFlow, decls: readonly ConfigFieldDeclaration[]): void {
  const file = flow.source.displayFile;
  const seen = new Map<string, string>();
  for (const d of decls) {
    const other = seen.get(d.name);
    if (other !== undefined) throw new MetaflowError(ErrorCode.ConfigError, `${file}: fields '${other}' and '${d.field}' both declare the config '${d.name}'; give each a unique name.`);
    seen.set(d.name, d.field);
    const param = flow.declarations.find((p) => p.name === d.name || p.field === d.field);
    if (param !== undefined) throw new MetaflowError(ErrorCode.ConfigError, `${file}: config '${d.name}' (field '${d.field}') clashes with the parameter '${param.name}' (field '${param.field}'); configs and parameters share one namespace, rename one.`);
    if (flow.graph.steps[d.field] !== undefined) throw new MetaflowError(ErrorCode.ConfigError, `${file}: config field '${d.field}' has the name of a step; rename one of them.`);
  }
}

interface Given {
  files: string[];
  value?: string | object;
  overrides: ConfigOverride[];
}

function givenByConfig(decls: readonly ConfigFieldDeclaration[], inputs: ConfigInputs, flowName: string): Map<string, Given> {
  const known = decls.map((d) => d.name);
  const out = new Map<string, Given>(known.map((n) => [n, { files: [], overrides: [] }]));
  const get = (name: string, flag: string): Given => {
    const g = out.get(name);
    if (g === undefined) {
      throw new MetaflowError(
        ErrorCode.UsageError,
        `${flag}: ${flowName} has no config named '${name}'. ` + (known.length > 0 ? `Its configs: ${known.join(", ")}.` : "It declares no config."),
      );
    }
    return g;
  };
  for (const f of inputs.files ?? []) get(f.name, `--config ${f.name}`).files.push(f.file);
  for (const v of inputs.values ?? []) {
    const g = get(v.name, `--config-value ${v.name}`);
    if (g.value !== undefined) throw new MetaflowError(ErrorCode.UsageError, `--config-value ${v.name} is given twice; give one value (use --config-override for single keys).`);
    g.value = v.value;
  }
  for (const text of inputs.overrides ?? []) {
    const o = parseOverride(text);
    get(o.config, `--config-override ${text}`).overrides.push(o);
  }
  return out;
}

function resolveDeclaration(d: FieldDeclaration, values: ReadonlyMap<string, unknown>): FieldDeclaration {
  if (!hasDeferred(d.options.default)) return d;
  const what = d.kind === "parameter" ? "Parameter" : "IncludeFile";
  return { ...d, options: { ...d.options, default: resolveDeferred(d.options.default, values, `default of ${what} '${d.name}'`) } } as FieldDeclaration;
}

function resolveDecorator(d: AppliedDecorator, values: ReadonlyMap<string, unknown>, where: string): AppliedDecorator {
  if (!hasDeferred(d.attributes)) return d;
  const attributes = resolveDeferred(d.attributes, values, where);
  if (!isPlainObject(attributes)) {
    throw new MetaflowError(ErrorCode.ConfigError, `${where}: its attributes come from a config value that is not an object (${JSON.stringify(attributes)}); give the decorator an object, e.g. @${d.name}({ key: config.value }).`);
  }
  return { name: d.name, attributes };
}
