/**
 * The built-in flow decorators (recorded on the flow class; used by deployers).
 * @module
 */
import { createFlowDecorator } from "../../public/plugin.js";

/** Runs the deployed flow on a schedule: `@schedule({ cron: "0 * * * *" })`, or `{ daily: true }`, `{ hourly: true }`. */
export const schedule = createFlowDecorator<{ readonly cron?: string; readonly daily?: boolean; readonly hourly?: boolean; readonly weekly?: boolean; readonly timezone?: string }>("schedule");

/** Groups deployments of the flow under a project name: `@project({ name: "recs" })`. */
export const project = createFlowDecorator<{ readonly name: string; readonly branch?: string; readonly production?: boolean }>("project");

/** An event a deployed flow waits for: its name, or its name and which payload fields set which parameters. */
export type TriggerEvent = string | { readonly name: string; readonly parameters?: Readonly<Record<string, string>> };

/** Starts the deployed flow on an event: `@trigger({ event: "data_updated" })`, or `{ event: { name, parameters: { param: "payloadField" } } }`. */
export const trigger = createFlowDecorator<{ readonly event?: TriggerEvent; readonly events?: readonly TriggerEvent[] }>("trigger");

/** Starts the deployed flow when another flow finishes: `@triggerOnFinish({ flow: "ETLFlow" })`. */
export const triggerOnFinish = createFlowDecorator<{ readonly flow?: string; readonly flows?: readonly string[] }>("triggerOnFinish");

/** Packages every step of the flow gets (`@npmBase({ packages: { zod: "^4" } })`); a step's `@npm` is merged over them. */
export const npmBase = createFlowDecorator<{ readonly packages?: Readonly<Record<string, string>> }>("npmBase");
