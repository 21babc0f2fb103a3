/** encodeArtifact / decodeArtifact: round trips, raw-bytes encodings, and refusals with useful messages. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { decodeArtifact, describeType, encodeArtifact } from "../../src/datastore/serializers/artifact-codec.js";
import { numberArrayChunks } from "../../src/datastore/serializers/number-array-serializer.js";
import { MetaflowError } from "../../src/errors.js";

function roundTrip(value: unknown): { decoded: unknown; encoding: string; type: string; bytes: Uint8Array } {
  const enc = encodeArtifact("a", value);
  // decode from a fresh copy, like bytes read back from disk
  return { decoded: decodeArtifact(enc.encoding, Uint8Array.from(enc.bytes)), encoding: enc.encoding, type: enc.type, bytes: enc.bytes };
}

function refusal(name: string, value: unknown, ...parts: (string | RegExp)[]): void {
  assert.throws(
    () => encodeArtifact(name, value),
    (e: unknown) => {
      assert.ok(e instanceof MetaflowError, String(e));
      assert.equal(e.code, "ARTIFACT_SERIALIZATION");
      assert.ok(e.message.includes(`Artifact '${name}'`), e.message);
      for (const p of parts) {
        if (typeof p === "string") assert.ok(e.message.includes(p), `expected ${JSON.stringify(p)} in: ${e.message}`);
        else assert.match(e.message, p);
      }
      return true;
    },
  );
}

describe("artifact codec round trips", () => {
  test("primitives: strings, numbers, booleans, null, undefined, bigint", () => {
    for (const v of ["", "héllo ✓", 0, -1.5, Number.NaN, Infinity, true, false, null, undefined, 10n ** 30n, -7n]) {
      const { decoded, encoding } = roundTrip(v);
      assert.equal(encoding, "v8");
      assert.deepEqual(decoded, v);
    }
  });

  test("Map, Set, Date, nested objects and arrays", () => {
    const value = {
      m: new Map<unknown, unknown>([["k", 1], [2, { deep: [1, 2, new Set(["x"])] }]]),
      s: new Set([1, "two", 3n]),
      d: new Date("2024-01-02T03:04:05.678Z"),
      nested: { a: [1, { b: { c: null, u: undefined } }], re: /ab+c/gi },
      big: 123456789012345678901234567890n,
    };
    const { decoded, type } = roundTrip(value);
    assert.equal(type, "Object");
    assert.deepEqual(decoded, value);
    const d = decoded as typeof value;
    assert.ok(d.m instanceof Map);
    assert.ok(d.s instanceof Set);
    assert.ok(d.d instanceof Date);
    assert.equal(d.d.getTime(), value.d.getTime());
  });

  test("cyclic structures survive", () => {
    const a: { self?: unknown; list: unknown[] } = { list: [] };
    a.self = a;
    a.list.push(a);
    const { decoded } = roundTrip(a);
    const d = decoded as typeof a;
    assert.equal(d.self, d);
    assert.equal(d.list[0], d);
  });

  test("Float64Array (and other typed arrays) go through v8 and come back typed", () => {
    const f = new Float64Array([1.5, -2.25, Math.PI]);
    const r = roundTrip(f);
    assert.equal(r.encoding, "v8");
    assert.equal(r.type, "Float64Array");
    assert.ok(r.decoded instanceof Float64Array);
    assert.deepEqual(Array.from(r.decoded), Array.from(f));
    const i = roundTrip(new Int32Array([-1, 2, 3]));
    assert.ok(i.decoded instanceof Int32Array);
    assert.deepEqual(Array.from(i.decoded as Int32Array), [-1, 2, 3]);
  });

  test("Buffer: encoding 'buffer', raw bytes, comes back as a Buffer", () => {
    const buf = Buffer.from("raw buffer bytes");
    const r = roundTrip(buf);
    assert.equal(r.encoding, "buffer");
    assert.equal(r.type, "Buffer");
    assert.deepEqual(Buffer.from(r.bytes), buf);
    assert.ok(Buffer.isBuffer(r.decoded));
    assert.ok((r.decoded as Buffer).equals(buf));
  });

  test("Uint8Array: encoding 'bytes', raw bytes equal to input, comes back as a plain Uint8Array", () => {
    const u = new Uint8Array([0, 1, 2, 254, 255]);
    const r = roundTrip(u);
    assert.equal(r.encoding, "bytes");
    assert.equal(r.type, "Uint8Array");
    assert.deepEqual(Array.from(r.bytes), Array.from(u));
    assert.ok(r.decoded instanceof Uint8Array);
    assert.ok(!Buffer.isBuffer(r.decoded), "a Uint8Array artifact must not come back as a Buffer");
    assert.equal((r.decoded as Uint8Array).constructor, Uint8Array);
    assert.deepEqual(Array.from(r.decoded as Uint8Array), Array.from(u));
  });

  test("Uint8Array decoded from a Buffer (as read from disk) is still a plain Uint8Array", () => {
    const decoded = decodeArtifact("bytes", Buffer.from([3, 4, 5]));
    assert.equal((decoded as Uint8Array).constructor, Uint8Array);
    assert.deepEqual(Array.from(decoded as Uint8Array), [3, 4, 5]);
  });

  test("a Uint8Array subarray view encodes only its own bytes", () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    const r = roundTrip(view);
    assert.deepEqual(Array.from(r.bytes), [1, 2, 3]);
    assert.deepEqual(Array.from(r.decoded as Uint8Array), [1, 2, 3]);
  });

  test("subclass of Uint8Array other than Buffer is not taken by the raw-bytes serializers", () => {
    class Tagged extends Uint8Array {}
    const r = encodeArtifact("t", new Tagged([1, 2]));
    assert.equal(r.encoding, "v8");
  });

  test("empty Buffer and empty Uint8Array", () => {
    const b = roundTrip(Buffer.alloc(0));
    assert.ok(Buffer.isBuffer(b.decoded));
    assert.equal((b.decoded as Buffer).length, 0);
    const u = roundTrip(new Uint8Array(0));
    assert.equal((u.decoded as Uint8Array).length, 0);
  });

  test("a large array of numbers: encoding 'float64-array', 8 bytes a number, back as a plain array with -0, NaN and infinities", () => {
    const value = Array.from({ length: 5000 }, (_, i) => i * 0.5 - 7);
    value[1] = -0;
    value[2] = Number.NaN;
    value[3] = -Infinity;
    value[4] = Number.MAX_VALUE;
    const { decoded, encoding, bytes } = roundTrip(value);
    assert.equal(encoding, "float64-array");
    assert.equal(bytes.byteLength, 5000 * 8);
    assert.ok(Array.isArray(decoded) && Object.getPrototypeOf(decoded) === Array.prototype);
    assert.deepStrictEqual(decoded, value);
    assert.ok(Object.is((decoded as number[])[1], -0));
    // the same numbers give the same bytes, however the array was built
    assert.deepEqual(encodeArtifact("a", decoded as number[]).bytes, bytes);
  });

  test("a number array's bytes a slice at a time are its encoding's bytes (for hashing without a copy)", () => {
    const value = Array.from({ length: 2500 }, (_, i) => Math.sqrt(i) - 3);
    const slices: Buffer[] = [];
    for (const c of numberArrayChunks(value, 1000)!) slices.push(Buffer.from(c)); // copied: the slice buffer is reused
    assert.deepEqual(slices.map((c) => c.byteLength), [8000, 8000, 4000]);
    assert.deepEqual(Buffer.concat(slices), Buffer.from(encodeArtifact("a", value).bytes));
    assert.equal(numberArrayChunks([1, 2, 3]), undefined);
    assert.equal(numberArrayChunks(Object.assign(Array.from({ length: 2000 }, () => 1), { x: 1 })), undefined);
  });

  test("bytes at an odd offset (a slice of a larger read) still decode", () => {
    const value = Array.from({ length: 2000 }, (_, i) => i / 3);
    const enc = encodeArtifact("a", value);
    const shifted = new Uint8Array(enc.bytes.byteLength + 3).subarray(3);
    shifted.set(enc.bytes);
    assert.deepStrictEqual(decodeArtifact(enc.encoding, shifted), value);
  });

  test("number arrays that are not plain (short, holes, named properties, other items, subclasses) keep structured clone and all they hold", () => {
    const long = (): number[] => Array.from({ length: 3000 }, (_, i) => i);
    const named = Object.assign(long(), { label: "x" });
    const holey = long();
    delete holey[10];
    const mixed: unknown[] = long();
    mixed[2999] = "3000";
    class Numbers extends Array<number> {}
    const sub = Numbers.from(long());
    for (const [what, value] of [["short", [1, 2, 3]], ["named property", named], ["hole", holey], ["a string item", mixed], ["subclass", sub]] as const) {
      const { decoded, encoding } = roundTrip(value);
      assert.equal(encoding, "v8", what);
      if (what !== "subclass") assert.deepStrictEqual(decoded, value, what);
    }
    assert.equal((roundTrip(named).decoded as { label?: string }).label, "x");
    assert.ok(!(10 in (roundTrip(holey).decoded as number[])));
  });

  test("unknown encoding is an ARTIFACT_SERIALIZATION error naming it", () => {
    assert.throws(
      () => decodeArtifact("pickle", new Uint8Array([1])),
      (e: unknown) => e instanceof MetaflowError && e.code === "ARTIFACT_SERIALIZATION" && e.message.includes("'pickle'"),
    );
  });
});

describe("artifact codec refusals", () => {
  test("a function", () => {
    refusal("fn", () => 1, "of type function", "is a function");
  });

  test("an object holding a function deep inside names artifact, type and path", () => {
    refusal("model", { layers: [{ w: 1 }, { activate: (x: number) => x }] }, "of type Object", "holds a function at .layers[1].activate");
  });

  test("a function inside a Map value / Set item / Map key names the path", () => {
    refusal("m", new Map([["k", { f() {} }]]), "of type Map", "holds a function at .get(k).f");
    refusal("s", new Set([1, () => 2]), "of type Set", "holds a function at <item>");
    refusal("mk", new Map([[() => 0, 1]]), "holds a function at <key>");
  });

  test("an array holding a function", () => {
    refusal("arr", [1, 2, Math.max], "of type Array", "holds a function at [2]");
  });

  test("a symbol, at top level and nested", () => {
    refusal("sym", Symbol("x"), "of type symbol", "is a symbol");
    refusal("symIn", { a: { s: Symbol.iterator } }, "holds a symbol at .a.s");
  });

  test("a Promise, at top level and nested", () => {
    refusal("p", Promise.resolve(1), "of type Promise", "is a Promise", "await it first");
    refusal("pIn", { later: Promise.resolve(2) }, "holds a Promise at .later");
  });

  test("a WeakMap and a WeakSet", () => {
    refusal("wm", new WeakMap(), "of type WeakMap", "is a WeakMap");
    refusal("ws", { cache: new WeakSet() }, "holds a WeakSet at .cache");
  });

  test("issue 9 defect 8: a class instance with methods or accessors is refused, naming the artifact and the class", () => {
    class Point {
      constructor(public x: number) {}
      norm(): number {
        return Math.abs(this.x);
      }
    }
    class Temperature {
      constructor(private c: number) {}
      get fahrenheit(): number {
        return this.c * 1.8 + 32;
      }
    }
    class Point3 extends Point {}
    refusal("pt", new Point(3), "of type Point", "is an instance of class Point", "whose methods would be lost");
    refusal("deep", { a: [1, { p: new Point(1) }] }, "holds an instance of class Point at .a[1].p");
    refusal("inMap", new Map([["k", new Temperature(1)]]), "holds an instance of class Temperature at .get(k)");
    refusal("inherited", new Point3(2), "is an instance of class Point3");
  });

  test("a data-only class instance is stored as a plain object of its fields", () => {
    class Pair {
      a = 1;
      b = "two";
    }
    const r = encodeArtifact("pair", { p: new Pair() });
    assert.deepEqual(decodeArtifact(r.encoding, r.bytes), { p: { a: 1, b: "two" } });
    // built-in classes keep working
    const builtins = { d: new Date(0), m: new Map([[1, 2]]), s: new Set([1]), e: new RangeError("x"), r: /x/g };
    assert.deepEqual(decodeArtifact("v8", encodeArtifact("b", builtins).bytes), builtins);
  });

  test("a value v8 refuses (no function found) is still an ARTIFACT_SERIALIZATION error", () => {
    // A host object v8.serialize cannot clone: the serializer's own exception is wrapped.
    const { port1 } = new MessageChannel();
    try {
      refusal("port", port1, "of type MessagePort");
    } finally {
      port1.close();
    }
  });

  test("the refusal message gives guidance", () => {
    assert.throws(() => encodeArtifact("g", () => 0), /Artifacts must be values structured clone can carry/);
  });
});

describe("describeType", () => {
  test("primitive and built-in types", () => {
    assert.equal(describeType(null), "null");
    assert.equal(describeType(undefined), "undefined");
    assert.equal(describeType("s"), "string");
    assert.equal(describeType(1), "number");
    assert.equal(describeType(1n), "bigint");
    assert.equal(describeType(true), "boolean");
    assert.equal(describeType(Symbol()), "symbol");
    assert.equal(describeType(() => 0), "function");
    assert.equal(describeType({}), "Object");
    assert.equal(describeType([]), "Array");
    assert.equal(describeType(new Map()), "Map");
    assert.equal(describeType(new Set()), "Set");
    assert.equal(describeType(new Date(0)), "Date");
    assert.equal(describeType(Buffer.alloc(1)), "Buffer");
    assert.equal(describeType(new Float64Array(1)), "Float64Array");
  });

  test("class instances, null-prototype and anonymous classes", () => {
    class MyClass {}
    assert.equal(describeType(new MyClass()), "MyClass");
    assert.equal(describeType(Object.create(null)), "Object");
    const Anon = class {};
    assert.equal(describeType(new Anon()), "Anon"); // name inferred from the binding
    assert.equal(describeType(new (class {})()), "Object");
  });
});
