#!/bin/sh
//bin/true; GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1" exec node "$0" "$@"
/**
 * The `metaflow-ts` executable: loads the CLI bundled at build time (one module for the path a
 * command takes instead of ~250, see scripts/bundle-cli.mjs), or the unbundled main.js when the
 * bundle was not built (e.g. after `tsc` alone).
 *
 * Started as a program (`npx metaflow-ts`, a `bin` link), the file is first a shell script: its second
 * line, a comment for JavaScript, starts Node with glibc's `hugetlb` malloc tunable added, so big
 * buffers (artifacts being written and read in task threads) are backed by transparent huge pages:
 * first-touching 100 MiB costs ~30 ms instead of ~330 ms on a VM (docs/performance.md, "Big
 * artifacts"). Other libcs and older glibc ignore the variable; `node dist/cli/bin.js` skips the shell.
 * @module
 */
import { existsSync } from "node:fs";

const bundled = new URL("../cli-bundle/main.js", import.meta.url);
await import(existsSync(bundled) ? bundled.href : "./main.js");
