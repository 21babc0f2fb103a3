/**
 * Behaviour: artifacts set in `start` reach `end` through every kind of path (static branch,
 * foreach, switch), and structured values (Map, Set, Date, BigInt, Buffer, typed arrays,
 * nested objects) survive the round trip between tasks.
 *
 * `start -> (viaBranch, viaForeach); viaForeach -> body* -> feJoin; (viaBranch, feJoin) -> join
 *  -> decide -> {yes: viaSwitch | no: noSwitch} -> end`
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** Checks, done inside a task, that a value has the expected type and content. */
export function checkValues(f: ArtifactsFlow): Record<string, boolean> {
  return {
    origin: f.origin === "start",
    map: f.map instanceof Map && f.map.get("a") === 1 && f.map.get("b") === 2 && f.map.size === 2,
    set: f.set instanceof Set && f.set.has("x") && f.set.has("y") && f.set.size === 2,
    date: f.date instanceof Date && f.date.toISOString() === "2024-02-29T12:34:56.789Z",
    big: typeof f.big === "bigint" && f.big === 2n ** 70n,
    buf: f.buf instanceof Uint8Array && Buffer.from(f.buf).toString("utf8") === "héllo",
    floats: f.floats instanceof Float64Array && f.floats.length === 3 && f.floats[1] === 2.5,
    ints: f.ints instanceof Int32Array && f.ints[0] === -7,
    nested: (f.nested.list[2] as { deep?: boolean } | undefined)?.deep === true && f.nested.when instanceof Date && f.nested.undef === undefined,
    special: Number.isNaN(f.special.nan) && f.special.inf === Infinity && Object.is(f.special.negZero, -0),
  };
}

/** ArtifactsFlow: see the module comment. */
export default class ArtifactsFlow extends FlowSpec {
  origin!: string;
  map!: Map<string, number>;
  set!: Set<string>;
  date!: Date;
  big!: bigint;
  buf!: Buffer;
  floats!: Float64Array;
  ints!: Int32Array;
  nested!: { list: unknown[]; when: Date; undef: undefined; text: string };
  special!: { nan: number; inf: number; negZero: number };
  items!: number[];
  doubled!: number;
  doubledAll!: number[];
  branchChecks!: Record<string, boolean>;
  bodyChecks!: Record<string, boolean>;
  endChecks!: Record<string, boolean>;
  route!: string;
  wentThroughSwitch!: boolean;

  @step
  start() {
    this.origin = "start";
    this.map = new Map([["a", 1], ["b", 2]]);
    this.set = new Set(["x", "y"]);
    this.date = new Date("2024-02-29T12:34:56.789Z");
    this.big = 2n ** 70n;
    this.buf = Buffer.from("héllo", "utf8");
    this.floats = new Float64Array([1.5, 2.5, 3.5]);
    this.ints = new Int32Array([-7, 8]);
    this.nested = { list: [1, 2, { deep: true }], when: new Date(0), undef: undefined, text: "ünïcödé ✓" };
    this.special = { nan: Number.NaN, inf: Infinity, negZero: -0 };
    this.next(this.viaBranch, this.viaForeach);
  }

  @step
  viaBranch() {
    this.branchChecks = checkValues(this);
    this.next(this.join);
  }

  @step
  viaForeach() {
    this.items = [1, 2];
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.bodyChecks = checkValues(this);
    this.doubled = (this.input as number) * 2;
    this.next(this.feJoin);
  }

  @step
  feJoin(inputs: Inputs<ArtifactsFlow>) {
    this.doubledAll = inputs.map((i) => i.doubled);
    this.bodyChecks = inputs[0]!.bodyChecks;
    this.mergeArtifacts(inputs, { exclude: ["doubled", "bodyChecks"] });
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ArtifactsFlow>) {
    this.doubledAll = inputs.feJoin.doubledAll;
    this.bodyChecks = inputs.feJoin.bodyChecks;
    this.branchChecks = inputs.viaBranch.branchChecks;
    this.items = inputs.feJoin.items;
    this.mergeArtifacts(inputs);
    this.next(this.decide);
  }

  /** A join cannot also be a switch, so the switch gets its own step. */
  @step
  decide() {
    this.route = "yes";
    this.next({ yes: this.viaSwitch, no: this.noSwitch }, { condition: "route" });
  }

  @step
  viaSwitch() {
    this.wentThroughSwitch = true;
    this.next(this.end);
  }

  @step
  noSwitch() {
    this.wentThroughSwitch = false;
    this.next(this.end);
  }

  @step
  end() {
    this.endChecks = checkValues(this);
    console.log(`end checks: ${JSON.stringify(this.endChecks)}`);
  }
}

main(import.meta, ArtifactsFlow);
