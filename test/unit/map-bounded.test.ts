/** mapBounded: results in input order, never more than `limit` calls in flight, errors propagate. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { mapBounded } from "../../src/async/map-bounded.js";

describe("mapBounded", () => {
  test("keeps the order of the inputs and runs at most `limit` calls at once", async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 200 }, (_, i) => i);
    const out = await mapBounded(items, 7, async (x, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // finish out of order: later items sometimes finish first
      for (let k = 0; k < (x * 7) % 5; k++) await tick();
      inFlight--;
      return `${x}:${i}`;
    });
    assert.deepEqual(out, items.map((x) => `${x}:${x}`));
    assert.equal(most, 7);
  });

  test("an empty list gives an empty result; a failure rejects", async () => {
    assert.deepEqual(await mapBounded([], 4, async () => 1), []);
    await assert.rejects(
      mapBounded([1, 2, 3], 2, async (x) => {
        if (x === 2) throw new Error("bad 2");
        return x;
      }),
      /bad 2/,
    );
  });
});
