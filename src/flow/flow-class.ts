/**
 * Finding the flow class of a loaded module, and the declarations (parameters, include
 * files) an instance carries.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { FlowSpec } from "./flow-spec.js";
import type { IncludeFileDeclaration } from "./include-file.js";
import { isDeclaration, type ParameterDeclaration } from "./parameter.js";

/** A flow class: a concrete subclass of FlowSpec. */
export type FlowClass = new () => FlowSpec;

const registered: FlowClass[] = [];

/** @internal Called by `main(import.meta, Flow)`: remembers the module's flow class. */
export function registerFlowClass(cls: FlowClass): void {
  registered.push(cls);
}

/** @internal Forgets registrations (before loading another module). */
export function takeRegisteredFlowClasses(): FlowClass[] {
  return registered.splice(0, registered.length);
}

/**
 * Picks the flow class of a module: the class passed to `main()`, else the default export,
 * else the only exported FlowSpec subclass.
 */
export function pickFlowClass(module: Record<string, unknown>, fromMain: readonly FlowClass[], file: string): FlowClass {
  const last = fromMain[fromMain.length - 1];
  if (last !== undefined) return last;
  if (isFlowClass(module.default)) return module.default;
  const candidates = Object.values(module).filter(isFlowClass);
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  throw new MetaflowError(
    ErrorCode.FlowClassNotFound,
    candidates.length === 0
      ? `${file} exports no flow class. Export a class that extends FlowSpec (\`export default class MyFlow extends FlowSpec\`) and end the file with \`main(import.meta, MyFlow)\`.`
      : `${file} exports several flow classes (${candidates.map((c) => c.name).join(", ")}). Export the flow as default or pass it to main(import.meta, MyFlow).`,
  );
}

function isFlowClass(x: unknown): x is FlowClass {
  return typeof x === "function" && x.prototype instanceof FlowSpec;
}

/** A field of a flow instance that holds a declaration. */
export type FieldDeclaration = { readonly field: string } & (ParameterDeclaration | IncludeFileDeclaration);

/** The parameter and include-file declarations of a flow instance, by field. */
export function declarationsOf(instance: object): FieldDeclaration[] {
  const out: FieldDeclaration[] = [];
  for (const field of Object.keys(instance)) {
    const value = (instance as Record<string, unknown>)[field];
    if (isDeclaration(value) && (value.kind === "parameter" || value.kind === "include-file")) {
      out.push({ field, ...(value as ParameterDeclaration | IncludeFileDeclaration) });
    }
  }
  return out;
}
