/**
 * Every way of declaring and using a Config: a JSON file with a dashed key, a parser named by
 * an export of this file, a parser function, a plain value, deferred values in step and flow
 * decorators (whole attribute objects too) and in Parameter defaults, and the retry policy
 * taken from a config. `start` fails on its first attempt so the resolved retry policy shows.
 */
import { FlowSpec, step, Parameter, Config, configExpr, resources, retry, project, current, main } from "metaflow-ts";

/** A `key = value` per line: a parser the configs find by name. */
export function parseKv(text: string): Record<string, string> {
  return Object.fromEntries(text.trim().split("\n").map((l) => l.split("=").map((s) => s.trim()) as [string, string]));
}

const settings = Config("settings", { default: "./features.json" });
const kv = Config("kv", { default: "./features.kv", parser: "parseKv" });
const shout = Config("shout", { defaultValue: "hello", parser: (text) => ({ text: text.toUpperCase() }) });
const raw = Config("raw", { defaultValue: { list: [1, 2, 3] }, plain: true });

@project({ name: configExpr("settings.project") })
export default class ConfigFeaturesFlow extends FlowSpec {
  settings = settings;
  kv = kv;
  shout = shout;
  raw = raw;
  rate = Parameter("rate", { default: settings.model.rate });
  doubled = Parameter("doubled", { default: configExpr((c) => c.settings.model.rate * 2) });
  dashed!: string;
  spread!: Record<string, unknown>;
  keys!: string[];
  writeError!: string;
  pushError!: string;
  assignError!: string;
  kvName!: string;
  shoutText!: string;
  rawList!: number[];
  attempts!: number;

  @resources(settings.resources)
  @retry({ times: settings.retry.times, minutesBetweenRetries: 0 })
  @step
  start() {
    if (current.retryCount < 1) throw new Error("first attempt fails on purpose");
    this.attempts = current.retryCount + 1;
    this.dashed = this.settings["a-b"];
    this.spread = { ...this.settings.model, extra: true };
    this.keys = Object.keys(this.settings);
    this.writeError = attempt(() => ((this.settings.model as { rate: number }).rate = 1));
    this.pushError = attempt(() => (this.settings.model.layers as number[]).push(2));
    this.assignError = attempt(() => ((this as { settings: unknown }).settings = {}));
    this.next(this.end);
  }

  @step
  end() {
    this.kvName = this.kv.name;
    this.shoutText = this.shout.text;
    this.rawList = [...this.raw.list];
    console.log(`rate ${this.rate} doubled ${this.doubled} dashed ${this.dashed} kv ${this.kvName} shout ${this.shoutText}`);
  }
}

function attempt(fn: () => unknown): string {
  try {
    fn();
    return "no error";
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

main(import.meta, ConfigFeaturesFlow);
