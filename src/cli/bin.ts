#!/usr/bin/env node
/**
 * The `metaflow-ts` executable: loads the CLI bundled at build time (one module for the path a
 * command takes instead of ~250, see scripts/bundle-cli.mjs), or the unbundled main.js when the
 * bundle was not built (e.g. after `tsc` alone).
 * @module
 */
import { existsSync } from "node:fs";

const bundled = new URL("../cli-bundle/main.js", import.meta.url);
await import(existsSync(bundled) ? bundled.href : "./main.js");
