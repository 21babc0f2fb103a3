/**
 * What a core test's check sees (Metaflow's `MetaflowCheck`): the run through the client
 * (artifacts, logs, tasks), the CLI (`dump`, `logs`), and the graph.
 * @module
 */
import assert from "node:assert/strict";
import type { CliResult, FlowRunResult } from "../utils/cli.js";
import { startCliWorker, type CliWorker } from "../utils/cli-worker.js";
import { openRun, tasksOf, type ClientRun, type ClientTask } from "../utils/client.js";
import type { GraphDef } from "./graphs.js";

/** The checker of one finished run. {@link Checker.close} it when done. */
export class Checker {
  /** The CLI of this run's checks: one worker thread for all of them (test/utils/cli-worker.ts), started on first use. */
  private worker: CliWorker | undefined;

  private constructor(
    readonly graph: GraphDef,
    readonly flowName: string,
    readonly result: FlowRunResult,
    readonly run: ClientRun,
    /** For a resumed run: the run it resumed. */
    readonly originRunId?: string,
  ) {}

  /** Opens the run of `result` through the client. */
  static async open(graph: GraphDef, flowName: string, result: FlowRunResult, originRunId?: string): Promise<Checker> {
    return new Checker(graph, flowName, result, await openRun(flowName, result), originRunId);
  }

  /** The steps of the graph that ran, in graph order. */
  async steps(): Promise<string[]> {
    const ran = new Set((await this.run.steps()).map((s) => s.id));
    return Object.keys(this.graph.steps).filter((s) => ran.has(s));
  }

  /** The tasks of a step ([] when it did not run). */
  tasks(step: string): Promise<ClientTask[]> {
    return tasksOf(this.run, step);
  }

  /** Every task of `step` has the artifact `name` equal to `value`. */
  async assertArtifact(step: string, name: string, value: unknown): Promise<void> {
    const tasks = await this.tasks(step);
    assert.ok(tasks.length > 0, `step ${step} ran`);
    for (const t of tasks) assert.deepEqual(await t.artifact(name), value, `${t.pathspec}: artifact ${name}`);
  }

  /** The artifact `name` of every task of `step`, by task id (tasks without it are left out). */
  async artifactDict(step: string, name: string): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const t of await this.tasks(step)) {
      if (t.artifacts().some((a) => a.name === name)) out.set(t.id, await t.artifact(name));
    }
    return out;
  }

  /** Every task of `step` logged `text` on `stream` (exactly, or containing it), seen by the client and by `logs`. */
  async assertLog(step: string, stream: "stdout" | "stderr", text: string, exact = true): Promise<void> {
    for (const t of await this.tasks(step)) {
      const got = stream === "stdout" ? await t.stdout() : await t.stderr();
      if (exact) assert.equal(got, text, `${t.pathspec} ${stream}`);
      else assert.ok(got.includes(text), `${t.pathspec} ${stream} contains ${JSON.stringify(text)}: ${JSON.stringify(got)}`);
      const cli = await this.cli(["logs", t.pathspec, `--${stream}`]);
      assert.equal(cli.code, 0, cli.output);
      assert.ok(cli.output.includes(text.trimEnd()), `logs ${t.pathspec} ${stream} contains ${JSON.stringify(text)}: ${JSON.stringify(cli.output)}`);
    }
  }

  /** `dump --json` of a step through the CLI: task pathspec -> artifact name -> value. */
  async dump(step: string): Promise<unknown> {
    const r = await this.cli(["dump", `${this.flowName}/${this.result.runId}/${step}`, "--json"]);
    assert.equal(r.code, 0, r.output);
    return JSON.parse(r.stdout) as unknown;
  }

  /** Runs a CLI command on this run's datastore (the built CLI's `runCli`, in this checker's worker thread). */
  cli(args: readonly string[]): Promise<CliResult> {
    this.worker ??= startCliWorker();
    return this.worker.run([...args, "--datastore-root", this.result.datastoreRoot]);
  }

  /** Ends the CLI worker, if the checks used it. */
  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}
