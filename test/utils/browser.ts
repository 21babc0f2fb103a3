/**
 * Browser tests: headless Debian Chromium (from `.ci/services/40-chromium.sh`, which exports
 * METAFLOW_TEST_CHROMIUM) driven by playwright-core, kept off the network; and the UI server
 * started through the CLI (`metaflow-ts ui --port 0`) on a datastore.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { cliBin, repoRoot } from "./cli.js";
import { serviceVariable } from "./services.js";

/** The Chromium executable, or why browser tests are skipped. */
export const chromiumPath = serviceVariable("METAFLOW_TEST_CHROMIUM", "40-chromium.sh");

/** Where browser tests save screenshots (gitignored). */
export const screenshotDir: string = join(repoRoot, "test-artifacts", "screenshots");

/** Launches headless Chromium with the flags that keep it off the network. */
export async function launchChromium(): Promise<Browser> {
  if (chromiumPath.value === undefined) throw new Error(chromiumPath.skip);
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath.value,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A running `metaflow-ts ui`. */
export interface UiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops it (SIGINT, as Ctrl-C) and resolves to its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `metaflow-ts ui --port 0 --datastore-root ROOT` and waits for the URL it prints. */
export function startUiProcess(datastoreRoot: string, cwd: string): Promise<UiProcess> {
  const child = spawn(process.execPath, [cliBin, "ui", "--port", "0", "--datastore-root", datastoreRoot], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`metaflow-ts ui printed no URL:\n${out}`)), 30_000);
    const onData = (b: Buffer): void => {
      out += b.toString("utf8");
      const m = /Open (http:\/\/\S+\/)/.exec(out);
      if (m?.[1] === undefined) return;
      clearTimeout(timer);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      resolve({
        url: m[1],
        child,
        stop: () => {
          child.kill("SIGINT");
          return exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`metaflow-ts ui exited with ${code}:\n${out}`));
    });
  });
}
