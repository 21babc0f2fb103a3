/**
 * Card types defined in a module of their own, which a flow imports (the core harness's
 * CardImportTest): an editable one showing what the step appends, and one that is not editable
 * showing the task's pathspec.
 */
import { registerCardRenderer, type CardRenderInput } from "metaflow-ts/plugin";

const escapeText = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (body: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>imported card</title></head><body><main>${body}</main></body></html>`;
const componentsOf = async (input: CardRenderInput): Promise<string> =>
  (await Promise.all(input.components.map(async (c) => (typeof c?.render === "function" ? String(await c.render()) : "")))).join("");

registerCardRenderer({ type: "editable_import_test_card", render: async (input) => page(await componentsOf(input)) });
registerCardRenderer({ type: "non_editable_import_test_card", allowUserComponents: false, render: async (input) => page(escapeText(input.task.pathspec)) });
