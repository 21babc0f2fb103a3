/**
 * Experiments by configuration alone, the way Netflix's Metaboost teams work: one flow, a base
 * settings file shared by every experiment, one file per experiment (target and features), and
 * an environment layer chosen by the git branch. The flow loads the CSV shipped beside it,
 * builds the features the experiment names, fits a least-squares linear regression and prints
 * the slopes and intercept.
 *
 *   npx metaflow-ts run examples/experiments/flow.ts                      # base + EXP_01
 *   npx metaflow-ts run examples/experiments/flow.ts \
 *       --config settings examples/experiments/settings/base.yaml \
 *       --config settings examples/experiments/settings/EXP_02.yaml      # base + EXP_02
 *   npx metaflow-ts run examples/experiments/flow.ts --config-override settings.model.fit_intercept=false
 *   npx metaflow-ts configs examples/experiments/flow.ts                  # every value and its file:line
 *
 * @module
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FlowSpec, step, Config, resources, main } from "metaflow-ts";
import { z } from "zod";
import { fitLinearRegression } from "./least-squares.js";

/** Settings: base.yaml, then the experiment's file, deep-merged in order. */
const settings = Config("settings", {
  default: ["settings/base.yaml", "settings/EXP_01.yaml"],
  schema: z.object({
    data: z.object({ file: z.string() }),
    model: z.object({ fit_intercept: z.boolean() }),
    report: z.object({ decimals: z.number().int().min(0).max(10) }),
    target_column: z.string(),
    features: z.array(z.string()).min(1),
  }),
  help: "data, model options, target and features of the experiment",
});

/** The environment layer: production on main, development on any other branch, local outside git. */
const environment = Config("environment", {
  defaultValue: ({ gitBranch }) => {
    if (gitBranch === "main" || gitBranch === "master") return { name: "production", branch: gitBranch, resources: { cpu: 4 } };
    if (gitBranch !== undefined) return { name: "development", branch: gitBranch, resources: { cpu: 2 } };
    return { name: "local", branch: null, resources: { cpu: 1 } };
  },
  schema: z.object({ name: z.enum(["production", "development", "local"]), branch: z.string().nullable(), resources: z.object({ cpu: z.number() }) }),
});

/** Fits the experiment's linear model to the houses data. */
export default class ExperimentFlow extends FlowSpec {
  settings = settings;
  environment = environment;
  /** Feature matrix: one row per house, one column per feature of the experiment. */
  x!: number[][];
  /** Target values. */
  y!: number[];
  slopes!: Record<string, number>;
  intercept!: number;
  r2!: number;

  /** Loads the CSV and builds the features the experiment names. */
  @step
  start() {
    const { data, target_column, features } = this.settings;
    const text = readFileSync(path.join(import.meta.dirname, data.file), "utf8");
    const [header, ...lines] = text.trim().split("\n");
    const columns = (header ?? "").split(",");
    const index = (name: string): number => {
      const i = columns.indexOf(name);
      if (i < 0) throw new Error(`${data.file} has no column '${name}' (columns: ${columns.join(", ")}); fix the experiment's settings`);
      return i;
    };
    const rows = lines.map((l) => l.split(",").map(Number));
    const featureIndexes = features.map(index);
    const target = index(target_column);
    this.x = rows.map((r) => featureIndexes.map((i) => r[i]!));
    this.y = rows.map((r) => r[target]!);
    console.log(`environment ${this.environment.name} (branch ${this.environment.branch ?? "none"}): ${rows.length} rows, target ${target_column}, features ${features.join(", ")}`);
    this.next(this.train);
  }

  /** Fits ordinary least squares. */
  @resources({ cpu: environment.resources.cpu })
  @step
  train() {
    const fit = fitLinearRegression(this.x, this.y, this.settings.model.fit_intercept);
    this.slopes = Object.fromEntries(this.settings.features.map((f, i) => [f, fit.slopes[i]!]));
    this.intercept = fit.intercept;
    this.r2 = fit.r2;
    this.next(this.end);
  }

  /** Prints the fitted model. */
  @step
  end() {
    const d = this.settings.report.decimals;
    for (const [feature, slope] of Object.entries(this.slopes)) console.log(`slope ${feature}: ${slope.toFixed(d)}`);
    console.log(`intercept: ${this.intercept.toFixed(d)}`);
    console.log(`r2: ${this.r2.toFixed(d)}`);
  }
}

main(import.meta, ExperimentFlow);
